/**
 * The latency rollup's histogram and what the widgets read from it: percentiles in the bucket of the exact
 * percentile, histograms that add exactly, deltas that a re-price leaves empty, and round axis ticks. Pure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceTicks } from '@/lib/charts/ticks';
import { rollupDeltas, type RollupRow } from '@/lib/ingest/rollup-deltas';
import { grainNamed } from '@/lib/ingest/rollup-grains';
import { addHistograms, bucketRange, histogramPercentile } from '@/lib/usage/latency';
import { contributionOf, LATENCY_BOUNDS_MS, LATENCY_HISTOGRAM, LATENCY_MEASURES } from '@/lib/usage/measures';

const histogram = (latencies: readonly (number | null)[]) =>
  LATENCY_HISTOGRAM.map((m) => latencies.reduce((n: number, l) => n + contributionOf(m, { latencyMs: l }), 0));
const bucketIndex = (ms: number) => {
  const i = LATENCY_BOUNDS_MS.findIndex((b) => ms < b);
  return i === -1 ? LATENCY_BOUNDS_MS.length : i;
};

describe('latency histogram', () => {
  const latencies = fc.array(fc.oneof(fc.nat({ max: 400_000 }), fc.integer({ min: 50, max: 5_000 }), fc.constant(null)), {
    minLength: 1,
    maxLength: 300,
  });

  it('each latency is counted in exactly one bucket; a missing one in none', () => {
    fc.assert(
      fc.property(latencies, (ls) => {
        expect(histogram(ls).reduce((a, b) => a + b, 0)).toBe(ls.filter((l) => l !== null).length);
      }),
    );
  });

  it('a percentile lies in the bucket of the exact (nearest-rank) percentile', () => {
    fc.assert(
      fc.property(latencies, fc.constantFrom(0.5, 0.95, 0.99, 1), (ls, q) => {
        const known = ls.filter((l): l is number => l !== null).sort((a, b) => a - b);
        const estimate = histogramPercentile(histogram(ls), q);
        if (known.length === 0) {
          expect(estimate).toBeNull();
          return;
        }
        const exact = known[Math.ceil(q * known.length) - 1]!;
        const { from, below } = bucketRange(bucketIndex(exact));
        expect(estimate).toBeGreaterThanOrEqual(from);
        if (below !== null) expect(estimate).toBeLessThan(below);
      }),
    );
  });

  it('histograms of two sets of events add to the histogram of both (rollup rows re-sum exactly)', () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        expect(addHistograms(histogram(a), histogram(b))).toEqual(histogram([...a, ...b]));
      }),
    );
  });

  it('percentiles are ordered: p50 ≤ p95', () => {
    fc.assert(
      fc.property(latencies, (ls) => {
        const h = histogram(ls);
        if (h.every((n) => n === 0)) return;
        expect(histogramPercentile(h, 0.5)!).toBeLessThanOrEqual(histogramPercentile(h, 0.95)!);
      }),
    );
  });
});

describe('latency rollup deltas', () => {
  const grain = grainNamed('hourlyLatency');
  const row = (over: Partial<RollupRow>): RollupRow => ({
    projectId: 'p1',
    occurredAt: new Date('2026-11-20T10:15:00Z'),
    mode: 'code',
    task: null,
    userId: null,
    sessionId: null,
    provider: 'anthropic',
    model: 'm1',
    tier: 'frontier',
    status: 'ok',
    routingRuleId: null,
    costMicros: 100,
    cacheSavingsMicros: 0,
    reportedCostMicros: null,
    costMismatch: false,
    latencyMs: 800,
    tags: {},
    inputTokens: 10,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 5,
    reasoningTokens: 0,
    ...over,
  });

  it('keeps project first, then the hour, provider and model, and no money', () => {
    expect(['project_id', grain.bucket, ...grain.keyColumns]).toEqual(['project_id', 'hour', 'provider', 'model']);
    expect(grain.measures).toBe(LATENCY_MEASURES);
    expect(grain.measures.some((m) => m.column === 'cost_micros')).toBe(false);
  });

  it('a re-price or re-tier changes nothing in it', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e7 }), fc.constantFrom('frontier', 'economy'), (cost, tier) => {
        const deltas = rollupDeltas([row({})], [row({ costMicros: cost, tier })], 'UTC', [grain]);
        expect(deltas.grains.get(grain)!.size).toBe(0);
      }),
    );
  });

  it('an event moved between statuses and latencies moves its counts exactly', () => {
    const deltas = rollupDeltas([row({})], [row({ status: 'error', latencyMs: 20 })], 'UTC', [grain]);
    const [only] = [...deltas.grains.get(grain)!.values()];
    expect(only!.key).toEqual(['p1', '2026-11-20T10:00:00.000Z', 'anthropic', 'm1']);
    expect(only!.measures).toMatchObject({ requests: 0, error_requests: 1, latency_ms_sum: -780, latency_750_1000: -1, latency_20_30: 1 });
  });
});

describe('axis ticks', () => {
  it('round steps from 0 to the first tick at or above the maximum', () => {
    expect(niceTicks(926)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(3, 5, true)).toEqual([0, 1, 2, 3]);
  });

  it('property: steps of 1, 2, 2.5 or 5 × 10ⁿ, covering the maximum with at most 2 × target ticks', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e12, noNaN: true }), fc.integer({ min: 2, max: 10 }), (max, target) => {
        const ticks = niceTicks(max, target);
        const step = ticks[1]! - ticks[0]!;
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
        expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max * (1 - 1e-9));
        expect(ticks.at(-2)!).toBeLessThan(max);
        expect(ticks.length).toBeLessThanOrEqual(2 * target + 1);
      }),
    );
  });
});
