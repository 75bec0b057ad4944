/**
 * Properties of the cost engine (lib/pricing/cost.ts): the total is the exact sum of the class amounts
 * rounded once to whole micro-dollars (half away from zero), checked against BigInt arithmetic; each class
 * is tokens × price exactly; more tokens or higher prices never cost less; cache savings likewise exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCost, type TokenUsage } from '@/lib/pricing/cost';
import type { PriceTable } from '@/lib/pricing/price-table';

/** µ$/MTok: up to $200/MTok, any integer (odd amounts make the rounding matter). */
const price = fc.integer({ min: 0, max: 200_000_000 });
const flatTable: fc.Arbitrary<PriceTable> = fc.record(
  { input: price, output: price, cacheRead: price, cacheWrite5m: price, cacheWrite1h: price, reasoning: price },
  { requiredKeys: ['input', 'output'] },
);

/** Token counts that respect the partitions: cache reads/writes within input, reasoning within output. */
const usage = (max: number): fc.Arbitrary<TokenUsage> =>
  fc
    .record({
      inputTokens: fc.integer({ min: 0, max }),
      outputTokens: fc.integer({ min: 0, max }),
      shares: fc.tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
      reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ inputTokens, outputTokens, shares: [a, b, c], reasoningShare }) => {
      const sum = a + b + c || 1;
      const cacheReadTokens = Math.floor((inputTokens * a) / Math.max(sum, 1));
      const cacheWrite5mTokens = Math.floor(((inputTokens - cacheReadTokens) * b) / Math.max(sum, 1));
      const cacheWrite1hTokens = Math.floor(((inputTokens - cacheReadTokens - cacheWrite5mTokens) * c) / Math.max(sum, 1));
      return {
        inputTokens,
        cacheReadTokens,
        cacheWrite5mTokens,
        cacheWrite1hTokens,
        outputTokens,
        reasoningTokens: Math.floor(outputTokens * reasoningShare),
      };
    });

/** The exact amounts in pico-dollars, with BigInt, as the rules in DESIGN.md say. */
function exactPicos(u: TokenUsage, t: PriceTable): bigint {
  const p = (v: PriceTable[keyof PriceTable] | undefined, fallback: number) => BigInt(typeof v === 'number' ? v : fallback);
  const input = p(t.input, 0);
  const write = p(t.cacheWrite, Number(input));
  const classes: [number, bigint][] = [
    [u.inputTokens - u.cacheReadTokens - u.cacheWrite5mTokens - u.cacheWrite1hTokens, input],
    [u.cacheReadTokens, p(t.cacheRead, Number(input))],
    [u.cacheWrite5mTokens, p(t.cacheWrite5m, Number(write))],
    [u.cacheWrite1hTokens, p(t.cacheWrite1h, Number(write))],
    [u.outputTokens - u.reasoningTokens, p(t.output, 0)],
    [u.reasoningTokens, p(t.reasoning, Number(p(t.output, 0)))],
  ];
  return classes.reduce((a, [n, price]) => a + BigInt(n) * price, 0n);
}

/** Half away from zero, to whole micro-dollars (1 µ$ = 10⁶ pico-dollars). */
const roundMicros = (picos: bigint) => Number((picos < 0n ? -1n : 1n) * (((picos < 0n ? -picos : picos) + 500_000n) / 1_000_000n));

describe('cost rounding (property)', () => {
  it('rounds the exact sum of the class amounts once, to whole micro-dollars — small and huge requests alike', () => {
    fc.assert(
      fc.property(fc.oneof(usage(200_000), usage(2_000_000_000_000)), flatTable, (u, t) => {
        const cost = computeCost(u, t);
        expect(Number.isSafeInteger(cost.totalMicros)).toBe(true);
        expect(cost.totalMicros).toBe(roundMicros(exactPicos(u, t)));
        // |total − exact| ≤ ½ µ$: never more than one rounding.
        const diff = BigInt(cost.totalMicros) * 1_000_000n - exactPicos(u, t);
        expect(diff <= 500_000n && diff >= -500_000n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds amounts at and around half a micro-dollar the same way (half up), in every class', () => {
    // Random prices rarely land on an exact half: build totals that end in 499,999 / 500,000 / 500,001 pico-dollars.
    const nearHalf = fc.tuple(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.constantFrom(499_999, 500_000, 500_001, 0, 999_999),
      fc.constantFrom('input', 'output', 'cacheRead') as fc.Arbitrary<'input' | 'output' | 'cacheRead'>,
      fc.integer({ min: 1, max: 3 }),
    );
    fc.assert(
      fc.property(nearHalf, ([whole, rest, cls, n]) => {
        const price = whole * 1_000_000 + rest;
        const u: TokenUsage = {
          inputTokens: cls === 'output' ? 0 : n,
          cacheReadTokens: cls === 'cacheRead' ? n : 0,
          cacheWrite5mTokens: 0,
          cacheWrite1hTokens: 0,
          outputTokens: cls === 'output' ? n : 0,
          reasoningTokens: 0,
        };
        const t: PriceTable = { input: price, output: price, cacheRead: price };
        expect(computeCost(u, t).totalMicros).toBe(roundMicros(BigInt(n) * BigInt(price)));
      }),
      { numRuns: 500 },
    );
  });

  it('gives each class tokens × its price, and the classes add up to the unrounded total', () => {
    fc.assert(
      fc.property(usage(5_000_000), flatTable, (u, t) => {
        const { picos, applied } = computeCost(u, t);
        expect(picos.cacheRead).toBe(u.cacheReadTokens * applied.cacheRead);
        expect(picos.output).toBe((u.outputTokens - u.reasoningTokens) * applied.output);
        expect(picos.reasoning).toBe(u.reasoningTokens * applied.reasoning);
        const sum = Object.values(picos).reduce((a, b) => a + BigInt(b), 0n);
        expect(sum).toBe(exactPicos(u, t));
      }),
      { numRuns: 1000 },
    );
  });

  it('never costs less with more tokens of any class, or with a higher price', () => {
    const grow = fc.record({ input: fc.nat({ max: 100_000 }), output: fc.nat({ max: 100_000 }), cacheRead: fc.nat({ max: 100_000 }) });
    fc.assert(
      fc.property(usage(1_000_000), flatTable, grow, fc.nat({ max: 10_000_000 }), (u, t, more, raise) => {
        const base = computeCost(u, t).totalMicros;
        // More uncached input, output, or cache reads (input grows with them: reads are a part of it).
        expect(computeCost({ ...u, inputTokens: u.inputTokens + more.input }, t).totalMicros).toBeGreaterThanOrEqual(base);
        expect(computeCost({ ...u, outputTokens: u.outputTokens + more.output }, t).totalMicros).toBeGreaterThanOrEqual(base);
        const moreReads = { ...u, inputTokens: u.inputTokens + more.cacheRead, cacheReadTokens: u.cacheReadTokens + more.cacheRead };
        expect(computeCost(moreReads, t).totalMicros).toBeGreaterThanOrEqual(base);
        expect(computeCost(u, { ...t, output: (t.output as number) + raise }).totalMicros).toBeGreaterThanOrEqual(base);
        expect(computeCost(u, { ...t, input: (t.input as number) + raise }).totalMicros).toBeGreaterThanOrEqual(base);
      }),
      { numRuns: 1000 },
    );
  });

  it('prices a whole request at the tier its total input reaches, and rounds cache savings exactly', () => {
    const tiered = fc
      .tuple(price, price, fc.integer({ min: 1, max: 1_000_000 }))
      .map(([base, high, start]) => ({ base, tiers: [{ start, price: Math.max(base, high) }] }));
    fc.assert(
      fc.property(usage(2_000_000), tiered, price, price, (u, input, output, cacheRead) => {
        const t: PriceTable = { input, output, cacheRead };
        const cost = computeCost(u, t);
        const applied = u.inputTokens > input.tiers[0]!.start ? input.tiers[0]!.price : input.base;
        expect(cost.applied.input).toBe(applied);
        expect(cost.cacheSavingsMicros).toBe(roundMicros(BigInt(u.cacheReadTokens) * BigInt(applied - cacheRead)));
        expect(cost.totalMicros).toBe(roundMicros(exactPicos(u, { ...t, input: applied })));
      }),
      { numRuns: 1000 },
    );
  });
});
