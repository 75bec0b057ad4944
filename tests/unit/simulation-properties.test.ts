/**
 * Properties over random documents and traffic (fast-check): the grouped replay never strays from the
 * naive per-request oracle by more than its rounding bound, is exact for single-request groups, and the
 * document that served the traffic always replays to zero savings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupingBoundaries, groupRequests } from '@/lib/simulation/group';
import { simulate } from '@/lib/simulation/replay';
import type { CacheAssumption, ModelRef } from '@/lib/simulation/types';
import {
  M,
  naiveReplay,
  PERIOD,
  PRICING,
  pricer,
  recordOne,
  shapeOf,
  type TestDocument,
  type TestRule,
  testRouter,
  TIERS,
  TZ,
} from './simulation-fixtures';

const MODES = ['code', 'ask', 'plan'];
const MODELS: ModelRef[] = Object.values(M);
/** Thresholds of the fixture prices (32k, 100k, 200k) and a few others, ± 2 tokens. */
const NEAR = [0, 1, 25_000, 32_000, 32_001, 100_000, 100_001, 200_000, 200_001];

const tokenCount = fc.oneof(
  fc.integer({ min: 0, max: 260_000 }),
  fc.tuple(fc.constantFrom(...NEAR), fc.integer({ min: -2, max: 2 })).map(([b, d]) => Math.max(0, b + d)),
);

const rule = (id: number): fc.Arbitrary<TestRule> =>
  fc
    .record(
      {
        mode: fc.subarray(MODES, { minLength: 1 }),
        min: fc.option(tokenCount, { nil: undefined }),
        max: fc.option(tokenCount, { nil: undefined }),
        route: fc.oneof(
          fc.constantFrom('frontier', 'balanced', 'economy').map((tier) => ({ tier })),
          fc.constantFrom(...MODELS).map((model) => ({ model })),
        ),
      },
      { requiredKeys: ['route'] },
    )
    .map((r) => ({ id: `r${id}`, when: { mode: r.mode, minInput: r.min, maxInput: r.max }, route: r.route }));

const documentArb: fc.Arbitrary<TestDocument> = fc
  .tuple(fc.array(fc.nat(), { maxLength: 5 }), fc.constantFrom('frontier', 'balanced', 'economy'))
  .chain(([ids, fallbackTier]) =>
    fc.tuple(...ids.map((_, i) => rule(i))).map((rules) => ({
      tiers: TIERS,
      rules: [...rules, { id: 'default', when: {}, route: { tier: fallbackTier } }],
    })),
  );

/** Two days around acme/frontier's price change (10 March, 14:37:11 UTC) and deepseek's off-peak start. */
const WINDOW = { from: new Date('2026-03-09T12:00:00Z').getTime(), to: new Date('2026-03-11T12:00:00Z').getTime() };

const rawRequest = fc.record({
  at: fc.integer({ min: WINDOW.from, max: WINDOW.to }),
  mode: fc.constantFrom(...MODES),
  input: tokenCount,
  cacheShare: fc.double({ min: 0, max: 1, noNaN: true }),
  writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
  output: fc.integer({ min: 0, max: 20_000 }),
  reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
  fallback: fc.option(fc.nat({ max: 3 }), { nil: null }),
  success: fc.option(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { nil: null }),
});

type RawRequest = typeof rawRequest extends fc.Arbitrary<infer T> ? T : never;

function record(raws: RawRequest[], served: TestDocument) {
  const router = testRouter(served);
  return raws.map((r) => {
    const cacheRead = Math.floor(r.input * r.cacheShare);
    const write = Math.floor((r.input - cacheRead) * r.writeShare);
    const tokens = {
      inputTokens: r.input,
      cacheReadTokens: cacheRead,
      cacheWrite5mTokens: write,
      cacheWrite1hTokens: 0,
      outputTokens: r.output,
      reasoningTokens: Math.floor(r.output * r.reasoningShare),
    };
    const features = { mode: r.mode, task: null, project: 'p1', user: 'ana', tags: {}, requestedModel: 'auto' };
    const pick = (f: readonly ModelRef[]) => (r.fallback === null ? null : (f[r.fallback % f.length] ?? null));
    return recordOne(router, features, new Date(r.at), tokens, pick, { success: r.success, score: null });
  });
}

const planFor = (docs: TestDocument[]) =>
  groupingBoundaries({ period: PERIOD, timeZone: TZ, candidates: docs.map(shapeOf), models: MODELS, pricer, pricing: PRICING });

describe('grouped replay, for any documents and traffic', () => {
  it('stays within its rounding bound of the naive replay, and is exact with single-request groups', () => {
    fc.assert(
      fc.property(
        documentArb,
        documentArb,
        fc.array(rawRequest, { minLength: 1, maxLength: 80 }),
        fc.constantFrom<CacheAssumption>('lost-when-moved', 'kept-when-moved'),
        (served, candidate, raws, cache) => {
          const traffic = record(raws, served);
          const plan = planFor([served, candidate]);
          const router = testRouter(candidate);
          const naive = naiveReplay(traffic, router, cache);
          const grouped = simulate({ rows: groupRequests(traffic, plan), plan, router, pricer, cache });
          expect(grouped.totals.actual.costMicros).toBe(naive.actualMicros);
          expect(grouped.totals.movedRequests).toBe(naive.moved);
          expect(grouped.totals.simulated.unpricedRequests).toBe(naive.simulatedUnpriced);
          expect(Math.abs(grouped.totals.simulated.costMicros - naive.simulatedMicros)).toBeLessThanOrEqual(
            grouped.totals.roundingBoundMicros,
          );

          const single = traffic.map((r, i) => ({ ...r, sessionId: String(i) }));
          const exact = simulate({ rows: groupRequests(single, plan, { bySession: true }), plan, router, pricer, cache });
          expect(exact.totals.simulated.costMicros).toBe(naive.simulatedMicros);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('replays the document that served the traffic to zero savings', () => {
    fc.assert(
      fc.property(documentArb, fc.array(rawRequest, { minLength: 1, maxLength: 80 }), (served, raws) => {
        const traffic = record(raws, served);
        const plan = planFor([served]);
        const result = simulate({ rows: groupRequests(traffic, plan), plan, router: testRouter(served), pricer });
        expect(result.totals.movedRequests).toBe(0);
        expect(result.totals.simulated).toEqual(result.totals.actual);
        expect(result.totals.comparable.savingsMicros).toBe(0);
      }),
      { numRuns: 80 },
    );
  });
});
