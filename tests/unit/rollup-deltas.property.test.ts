/**
 * Property: re-pricing (or re-tiering) stored events and applying the deltas to rollups built from the
 * old events gives exactly the rollups built from the new events — every grain, every key, every measure,
 * in any zone (day grains by local day, DST and half-hour zones included). Pure (lib/ingest/rollup-deltas.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollupDeltas, type DeltaMap, type RollupDeltas, type RollupRow } from '@/lib/ingest/rollup-deltas';
import { ROLLUP_GRAINS, type RollupGrain } from '@/lib/ingest/rollup-grains';
import { histogramMeasures, CORE_MEASURES } from '@/lib/usage/measures';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/Paris'];
// Three weeks around the 2026 autumn DST changes (Europe 25 October, New York 1 November).
const FROM = Date.parse('2026-10-20T00:00:00Z');
const TO = Date.parse('2026-11-10T00:00:00Z');

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const tokens = fc.nat({ max: 2_000_000 });
const tagMap = fc
  .uniqueArray(fc.tuple(fc.constantFrom('team', 'env', 'feature', 'zone'), fc.constantFrom('a', 'b', 'prod', '')), {
    selector: ([k]) => k,
    maxLength: 3,
  })
  .map((pairs) => Object.fromEntries(pairs)); // the pairs come in any order: maps equal as jsonb, built in different orders

const event: fc.Arbitrary<RollupRow> = fc
  .record({
    projectId: fc.constantFrom('p1', 'p2'),
    occurredAt: fc.integer({ min: FROM, max: TO }).map((t) => new Date(t)),
    mode: maybe(fc.constantFrom('code', 'ask', 'plan')),
    task: maybe(fc.constantFrom('refactor', 'test-gen')),
    userId: maybe(fc.constantFrom('ana', 'bo', 'cy')),
    sessionId: maybe(fc.constantFrom('s1', 's2', 's3')),
    provider: fc.constantFrom('anthropic', 'openai'),
    model: fc.constantFrom('m1', 'm2'),
    tier: fc.constantFrom('frontier', 'balanced', 'economy'),
    status: fc.constantFrom('ok', 'error'),
    routingRuleId: maybe(fc.constantFrom('r1', 'r2')),
    costMicros: maybe(fc.nat({ max: 10_000_000 })),
    cacheSavingsMicros: maybe(fc.integer({ min: -1000, max: 100_000 })),
    reportedCostMicros: maybe(fc.nat({ max: 10_000_000 })),
    costMismatch: fc.boolean(),
    latencyMs: maybe(fc.nat({ max: 120_000 })),
    tags: tagMap,
    inputTokens: tokens,
    cacheReadTokens: tokens,
    cacheWrite5mTokens: tokens,
    cacheWrite1hTokens: tokens,
    outputTokens: tokens,
    reasoningTokens: tokens,
  })
  .map((e) => e);

/** A re-price or re-tier: new cost, savings, mismatch and tier; the event's identity and tokens unchanged. */
const repriced = (e: RollupRow) =>
  fc
    .record({
      costMicros: maybe(fc.nat({ max: 10_000_000 })),
      cacheSavingsMicros: maybe(fc.nat({ max: 100_000 })),
      costMismatch: fc.boolean(),
      tier: fc.constantFrom('frontier', 'balanced', 'economy'),
      changed: fc.boolean(),
      tags: tagMap, // the same map, possibly written in another key order
    })
    .map((c) => (c.changed ? { ...e, ...c, tags: Object.fromEntries(Object.entries(e.tags).reverse()) } : e));

/** The rollups the events build: deltas from nothing. */
const build = (events: readonly RollupRow[], zone: string, grains?: readonly RollupGrain[]) => rollupDeltas([], events, zone, grains);

/** Adds deltas to stored rollups, dropping rows left with no requests (as the SQL does). */
function apply(stored: RollupDeltas, deltas: RollupDeltas): RollupDeltas {
  const merge = (into: DeltaMap, from: DeltaMap) => {
    const out: DeltaMap = new Map([...into].map(([k, v]) => [k, { key: v.key, measures: { ...v.measures } }]));
    for (const [k, d] of from) {
      const row = out.get(k) ?? { key: d.key, measures: Object.fromEntries(Object.keys(d.measures).map((m) => [m, 0])) };
      for (const [m, n] of Object.entries(d.measures)) row.measures[m] = (row.measures[m] ?? 0) + n;
      out.set(k, row);
    }
    for (const [k, v] of out) if (v.measures.requests === 0) out.delete(k);
    return out;
  };
  return {
    grains: new Map([...stored.grains].map(([g, m]) => [g, merge(m, deltas.grains.get(g)!)])),
    sessions: merge(stored.sessions, deltas.sessions),
  };
}

const plain = (d: RollupDeltas) => ({
  grains: Object.fromEntries([...d.grains].map(([g, m]) => [g.table, Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)))])),
  sessions: Object.fromEntries([...d.sessions].sort(([a], [b]) => (a < b ? -1 : 1))),
});

describe('rollup deltas (property)', () => {
  it('turn the rollups of the old events into exactly those of the re-priced events, in any zone', () => {
    const scenario = fc
      .tuple(fc.array(event, { minLength: 1, maxLength: 40 }), fc.constantFrom(...ZONES))
      .chain(([events, zone]) => fc.tuple(fc.constant(events), fc.tuple(...events.map(repriced)), fc.constant(zone)));
    fc.assert(
      fc.property(scenario, ([before, after, zone]) => {
        const updated = apply(build(before, zone), rollupDeltas(before, after, zone));
        expect(plain(updated)).toEqual(plain(build(after, zone)));
        // A tag map is one key whatever order its tags were written in (jsonb ignores the order too).
        const reordered = after.map((e) => ({ ...e, tags: Object.fromEntries(Object.entries(e.tags).reverse()) }));
        expect(plain(build(reordered, zone))).toEqual(plain(build(after, zone)));
      }),
      { numRuns: 300 },
    );
  });

  it('keep a grain whose measures include a latency histogram exact too (a grain may keep more than the core measures)', () => {
    const histogram = histogramMeasures('latencyMs', 'latency', [250, 1000, 5000]);
    const withHistogram: RollupGrain = {
      ...ROLLUP_GRAINS.find((g) => g.name === 'dailyModels')!,
      measures: [...CORE_MEASURES, ...histogram],
    };
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), fc.constantFrom(...ZONES), (events, zone) => {
        const slower = events.map((e) => ({ ...e, latencyMs: e.latencyMs === null ? 300 : e.latencyMs * 2 }));
        const updated = apply(build(events, zone, [withHistogram]), rollupDeltas(events, slower, zone, [withHistogram]));
        expect(plain(updated)).toEqual(plain(build(slower, zone, [withHistogram])));
        // Every event with a latency is in exactly one bucket.
        const [row] = [...build(slower, zone, [withHistogram]).grains.get(withHistogram)!.values()];
        if (row) {
          expect(histogram.reduce((a, m) => a + row.measures[m.column]!, 0)).toBe(row.measures.requests);
        }
      }),
      { numRuns: 100 },
    );
  });
});
