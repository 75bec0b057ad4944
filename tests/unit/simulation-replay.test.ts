/**
 * The grouped replay against the naive oracle (every request evaluated and priced on its own), on
 * traffic with price changes, off-peak hours, a 23-hour day and long-context crossings inside the period.
 */
import { describe, expect, it } from 'vitest';
import { createGroupPricer } from '@/lib/simulation/price-group';
import { groupingBoundaries, groupRequests, inputClassOf, timeSliceOf } from '@/lib/simulation/group';
import { simulate } from '@/lib/simulation/replay';
import type { CacheAssumption } from '@/lib/simulation/types';
import {
  CANDIDATE_DOC,
  M,
  naiveReplay,
  PERIOD,
  PRICING,
  pricer,
  recordTraffic,
  SERVED_DOC,
  shapeOf,
  testRouter,
  TZ,
} from './simulation-fixtures';

const traffic = recordTraffic(6_000, 7);
const plan = groupingBoundaries({
  period: PERIOD,
  timeZone: TZ,
  candidates: [shapeOf(SERVED_DOC), shapeOf(CANDIDATE_DOC)],
  models: Object.values(M),
  pricer,
  pricing: PRICING,
});

describe('grouping plan', () => {
  it('splits time at local midnights, price changes and off-peak hours, and tokens at every threshold', () => {
    const bounds = plan.timeBounds.map((d) => d.toISOString());
    expect(bounds[0]).toBe(PERIOD.from.toISOString());
    expect(bounds.at(-1)).toBe(PERIOD.to.toISOString());
    expect(bounds).toContain('2026-03-10T14:37:11.000Z'); // acme/frontier's new price
    expect(bounds).toContain('2026-03-20T09:00:00.000Z'); // acme/balanced's
    expect(bounds).toContain('2026-03-15T00:00:00.000Z'); // acme/late becomes priced
    expect(bounds).toContain('2026-03-12T16:30:00.000Z'); // deepseek off-peak starts
    expect(bounds).toContain('2026-03-29T22:00:00.000Z'); // Paris midnight after the 23-hour day
    expect(bounds).toContain('2026-03-28T23:00:00.000Z');
    expect(plan.sliceDays[1]).toBe('2026-03-01');
    expect(plan.sliceDays.at(-1)).toBe('2026-03-31');
    for (const b of [25_000, 25_001, 32_001, 40_000, 40_001, 90_000, 100_001, 150_001, 200_001]) expect(plan.inputTokenBounds).toContain(b);
  });

  it('keeps one price table per model inside each slice', () => {
    for (let i = 1; i < plan.timeBounds.length; i++) {
      const start = plan.timeBounds[i - 1]!.getTime();
      const end = plan.timeBounds[i]!.getTime();
      for (const at of [start, Math.floor((start + end) / 2), end - 1])
        for (const m of Object.values(M))
          expect(pricer.priceTableAt(m.provider, m.model, new Date(at))?.table ?? null).toEqual(
            pricer.priceTableAt(m.provider, m.model, new Date(start))?.table ?? null,
          );
    }
  });

  it('groups across the features no candidate tests, without changing any result', () => {
    expect(plan.keys).toEqual({ project: false, user: false, tags: ['team'] });
    const everything = groupingBoundaries({
      period: PERIOD,
      timeZone: TZ,
      candidates: [SERVED_DOC, CANDIDATE_DOC].map((d) => ({ ...shapeOf(d), tests: undefined })),
      models: Object.values(M),
      pricer,
      pricing: PRICING,
    });
    expect(everything.keys).toEqual({ project: true, user: true, tags: 'all' });
    const tagged = traffic.map((r, i) => (i % 3 ? r : { ...r, tags: { ...r.tags, feature: `f${i % 7}` } }));
    const trimmed = groupRequests(tagged, plan);
    const full = groupRequests(tagged, everything);
    expect(trimmed.length).toBeLessThan(full.length);
    expect(trimmed.every((r) => r.user === null && r.project === null && Object.keys(r.tags).every((k) => k === 'team'))).toBe(true);
    const router = testRouter(CANDIDATE_DOC);
    const a = simulate({ rows: trimmed, plan, router, pricer });
    const b = simulate({ rows: full, plan: everything, router, pricer });
    expect(a.totals.actual).toEqual(b.totals.actual);
    expect(a.totals.movedRequests).toBe(b.totals.movedRequests);
    expect(Math.abs(a.totals.simulated.costMicros - b.totals.simulated.costMicros)).toBeLessThanOrEqual(b.totals.roundingBoundMicros);
  });

  it('numbers slices and classes as Postgres width_bucket does', () => {
    expect(timeSliceOf(plan, new Date(PERIOD.from.getTime() - 1))).toBe(0);
    expect(timeSliceOf(plan, PERIOD.from)).toBe(1);
    expect(timeSliceOf(plan, PERIOD.to)).toBe(plan.timeBounds.length);
    expect(inputClassOf(plan, 0)).toBe(0);
    expect(inputClassOf(plan, 25_000)).toBe(plan.inputTokenBounds.indexOf(25_000) + 1);
    expect(inputClassOf(plan, 24_999)).toBe(plan.inputTokenBounds.indexOf(25_000));
  });
});

describe('replaying the document that served the traffic', () => {
  it('reproduces the actual cost exactly: zero savings, nothing moved', () => {
    const rows = groupRequests(traffic, plan);
    const result = simulate({ rows, plan, router: testRouter(SERVED_DOC), pricer });
    expect(result.totals.movedRequests).toBe(0);
    expect(result.totals.simulated).toEqual(result.totals.actual);
    expect(result.totals.comparable.savingsMicros).toBe(0);
    expect(result.totals.roundingBoundMicros).toBe(0);
    for (const row of [...result.byDay, ...result.byModel, ...result.byTier, ...result.byMode]) expect(row.simulated).toEqual(row.actual);
    expect(result.totals.requests).toBe(traffic.length);
    // Some requests were served by a fallback: they stay there too.
    expect(traffic.some((r) => r.model === 'deepseek-chat' || r.model === 'claude-sonnet-4-5')).toBe(true);
  });
});

describe.each<CacheAssumption>(['lost-when-moved', 'kept-when-moved'])('a candidate document, cache %s', (cache) => {
  const router = testRouter(CANDIDATE_DOC);
  const naive = naiveReplay(traffic, router, cache);

  it('equals the naive replay within the documented rounding bound', () => {
    const result = simulate({ rows: groupRequests(traffic, plan), plan, router, pricer, cache });
    expect(result.totals.requests).toBe(naive.requests);
    expect(result.totals.actual.costMicros).toBe(naive.actualMicros);
    expect(result.totals.movedRequests).toBe(naive.moved);
    expect(result.totals.simulated.unpricedRequests).toBe(naive.simulatedUnpriced);
    const bound = result.totals.roundingBoundMicros;
    expect(bound).toBeGreaterThan(0);
    expect(Math.abs(result.totals.simulated.costMicros - naive.simulatedMicros)).toBeLessThanOrEqual(bound);
    // The bound is tiny beside the money: under a micro-dollar per four requests here.
    expect(bound).toBeLessThan(naive.requests / 2);
    for (const day of result.byDay) {
      expect(day.actual.costMicros).toBe(naive.byDay.get(day.key)!.actual);
      expect(Math.abs(day.simulated.costMicros - naive.byDay.get(day.key)!.simulated)).toBeLessThanOrEqual(bound);
    }
    for (const m of result.byModel)
      expect(Math.abs(m.simulated.costMicros - (naive.byModel.get(m.key)?.simulated ?? 0))).toBeLessThanOrEqual(bound);
    expect(result.assumptions).toEqual({ cache, output: 'unchanged', budgets: 'every budget ok' });
  });

  it('stays within the bound when groups are large (concentrated traffic)', () => {
    const dense = recordTraffic(20_000, 11, SERVED_DOC, { concentrated: true });
    const rows = groupRequests(dense, plan);
    expect(rows.length).toBeLessThan(dense.length / 5);
    const result = simulate({ rows, plan, router, pricer, cache });
    const oracle = naiveReplay(dense, router, cache);
    expect(result.totals.actual.costMicros).toBe(oracle.actualMicros);
    expect(result.totals.simulated.unpricedRequests).toBe(oracle.simulatedUnpriced);
    expect(Math.abs(result.totals.simulated.costMicros - oracle.simulatedMicros)).toBeLessThanOrEqual(result.totals.roundingBoundMicros);
    expect(result.totals.roundingBoundMicros).toBeGreaterThan(1_000);
  });

  it('equals it to the micro-dollar when every group holds one request', () => {
    // One session per request makes every group a single request: no rounding difference is allowed.
    const single = traffic.map((r, i) => ({ ...r, sessionId: `one-${i}` }));
    const rows = groupRequests(single, plan, { bySession: true });
    expect(rows).toHaveLength(single.length);
    const result = simulate({ rows, plan, router, pricer, cache });
    expect(result.totals.roundingBoundMicros).toBe(0);
    expect(result.totals.simulated.costMicros).toBe(naive.simulatedMicros);
  });
});

describe('breakdowns', () => {
  const router = testRouter(CANDIDATE_DOC);
  const result = simulate({ rows: groupRequests(traffic, plan, { bySession: true }), plan, router, pricer, topSessions: 5 });
  const total = (cells: { requests: number; costMicros: number }[]) => cells.reduce((a, c) => a + c.costMicros, 0);

  it('the from → to matrix and the rules add up to the totals; traffic that stays costs the same', () => {
    expect(total(result.moves.map((m) => m.actual))).toBe(result.totals.actual.costMicros);
    expect(total(result.moves.map((m) => m.simulated))).toBe(result.totals.simulated.costMicros);
    for (const m of result.moves.filter((x) => x.from === x.to)) expect(m.simulated).toEqual(m.actual);
    expect(result.byRule.reduce((a, r) => a + r.actual.requests, 0)).toBe(traffic.length);
    expect(result.byRule.reduce((a, r) => a + r.movedRequests, 0)).toBe(result.totals.movedRequests);
    expect(result.byRule.find((r) => r.ruleId === 'orchestrator')!.simulated.unpricedRequests).toBeGreaterThan(0);
  });

  it('lists the sessions whose cost changes most, as a request-by-request replay finds them', () => {
    const naive = new Map<string, number>();
    for (const r of traffic) {
      const one = naiveReplay([r], router, 'lost-when-moved');
      naive.set(r.sessionId!, (naive.get(r.sessionId!) ?? 0) + one.simulatedMicros - one.actualMicros);
    }
    const expected = [...naive.entries()].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0])).slice(0, 5);
    expect(result.topSessions).toHaveLength(5);
    for (const [i, s] of result.topSessions.entries()) {
      expect(s.sessionId).toBe(expected[i]![0]);
      expect(Math.abs(s.deltaMicros - expected[i]![1])).toBeLessThanOrEqual(result.totals.roundingBoundMicros);
    }
  });
});

describe('pricing a group', () => {
  it('selects the long-context tier per request, not on the summed input', () => {
    // Three 80k-token requests: 240k summed is above sonnet's 200k threshold, each request is below it.
    const at = new Date('2026-03-05T12:00:00Z');
    const one = {
      inputTokens: 80_000,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 1_000,
      reasoningTokens: 0,
    };
    const three = { ...one, inputTokens: 240_000, outputTokens: 3_000 };
    const prices = createGroupPricer(pricer, plan);
    const grouped = prices.cost(M.sonnet, timeSliceOf(plan, at), inputClassOf(plan, 80_000), three, 'lost-when-moved');
    const each = pricer.price(M.sonnet.provider, M.sonnet.model, at, one).costMicros!;
    expect(grouped).toBe(3 * each); // 80,000 × $3 + 1,000 × $15 = 255,000 µ$ each
    expect(each).toBe(255_000);
  });

  it('uses the price in force in the slice: before and after acme/frontier changes price', () => {
    const prices = createGroupPricer(pricer, plan);
    const usage = {
      inputTokens: 1_000_000,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    };
    const before = timeSliceOf(plan, new Date('2026-03-10T14:37:10Z'));
    const after = timeSliceOf(plan, new Date('2026-03-10T14:37:11Z'));
    expect(prices.cost(M.frontier, before, 0, usage, 'lost-when-moved')).toBe(5_123_457);
    expect(prices.cost(M.frontier, after, 0, usage, 'lost-when-moved')).toBe(4_000_001);
  });

  it('never prices an unpriced model at $0', () => {
    const prices = createGroupPricer(pricer, plan);
    const usage = {
      inputTokens: 10,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    };
    expect(prices.cost(M.unpriced, 1, 0, usage, 'lost-when-moved')).toBeNull();
    expect(prices.cost(M.late, timeSliceOf(plan, new Date('2026-03-14T12:00:00Z')), 0, usage, 'lost-when-moved')).toBeNull();
    expect(prices.cost(M.late, timeSliceOf(plan, new Date('2026-03-15T12:00:00Z')), 0, usage, 'lost-when-moved')).toBe(7);
  });
});
