/** Savings against a named baseline: routing vs caching, coverage, breakdowns, before/after, unpriced baselines. */
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { concreteRequestedModel, describeBaseline } from '@/lib/savings/baselines';
import { computeSavings, type SavingsCell } from '@/lib/savings/report';
import { monthParts } from '@/lib/savings/rollup-plan';
import { groupingBoundaries, groupRequests } from '@/lib/simulation/group';
import type { ModelRef, RecordedRequest } from '@/lib/simulation/types';
import { M, PERIOD, PRICING, pricer, recordTraffic, SERVED_DOC, shapeOf, testRouter, TZ } from './simulation-fixtures';

const usage = (input: number, cacheRead: number, output: number) => ({
  inputTokens: input,
  cacheReadTokens: cacheRead,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: output,
  reasoningTokens: 0,
});

function request(
  at: string,
  served: ModelRef,
  requestedModel: string | null,
  tokens = usage(1_000_000, 0, 0),
  mode = 'code',
): RecordedRequest {
  const priced = pricer.price(served.provider, served.model, new Date(at), tokens);
  return {
    at: new Date(at),
    mode,
    task: null,
    project: 'p1',
    user: 'ana',
    tags: {},
    requestedModel,
    sessionId: null,
    provider: served.provider,
    model: served.model,
    tier: pricer.tierOf(served.provider, served.model),
    routing: { ruleId: null, tier: null },
    tokens,
    costMicros: priced.costMicros,
    cacheSavingsMicros: priced.cacheSavingsMicros,
    outcomeSuccess: null,
    outcomeScore: null,
  };
}

const CHANGE = new Date('2026-03-16T08:00:00Z');
const plan = groupingBoundaries({
  period: PERIOD,
  timeZone: TZ,
  candidates: [shapeOf(SERVED_DOC)],
  models: Object.values(M),
  pricer,
  pricing: PRICING,
  splitAt: [CHANGE],
});

const sum = (cells: SavingsCell[], k: keyof SavingsCell) => cells.reduce((a, c) => a + c[k], 0);

describe('the requested-model baseline', () => {
  it('reads a concrete model from what the caller asked for', () => {
    expect(concreteRequestedModel('auto', M.balanced)).toBeNull();
    expect(concreteRequestedModel(null, M.balanced)).toBeNull();
    expect(concreteRequestedModel('switchyard/frontier', M.balanced)).toBeNull();
    expect(concreteRequestedModel('frontier', M.balanced, ['frontier'])).toBeNull();
    expect(concreteRequestedModel('Acme/frontier', M.balanced)).toEqual({ provider: 'acme', model: 'frontier' });
    expect(concreteRequestedModel('frontier', M.balanced)).toEqual({ provider: 'acme', model: 'frontier' });
  });

  it('splits routing from caching savings, and covers only requests that named a model', () => {
    // Asked for acme/frontier, routed to acme/balanced, 1M input with 600k read from cache, 10k output.
    const tokens = usage(1_000_000, 600_000, 10_000);
    const moved = request('2026-03-05T10:00:00Z', M.balanced, 'acme/frontier', tokens);
    // Asked for and served by acme/economy (no cache price: cache savings 0).
    const stayed = request('2026-03-05T11:00:00Z', M.economy, 'acme/economy');
    const auto = request('2026-03-05T12:00:00Z', M.balanced, 'auto');
    const report = computeSavings({ rows: groupRequests([moved, stayed, auto], plan), plan, pricer, baseline: { kind: 'requested' } });

    // Actual on balanced (b1): 400k × 1.333337 + 600k × 0.133337 + 10k × 6.666671 = 533,334.8 + 80,002.2 + 66,666.71 → 680,004 µ$
    expect(moved.costMicros).toBe(680_004);
    // What the cache saved there: 600k × (1.333337 − 0.133337) = 720,000 µ$
    expect(moved.cacheSavingsMicros).toBe(720_000);
    // Baseline on frontier (f1) with the same cache, at its long-context tier (input > 100k):
    // 400k × 10.246913 + 600k × 1.024691 + 10k × 37.500007 = 4,098,765.2 + 614,814.6 + 375,000.07 → 5,088,580 µ$
    expect(report.totals).toEqual({
      requests: 2,
      actualMicros: 680_004 + stayed.costMicros!,
      baselineMicros: 5_088_580 + stayed.costMicros!,
      routingMicros: 5_088_580 - 680_004,
      cachingMicros: 720_000,
      totalMicros: 5_088_580 - 680_004 + 720_000,
      unpricedRequests: 0,
    });
    expect(report.coverage).toEqual({ requests: 3, covered: 2, notCovered: 1 });
    expect(report.baseline).toEqual(describeBaseline({ kind: 'requested' }));
    expect(report.assumptions.cache).toBe('as-recorded');
  });
});

describe('a pinned model', () => {
  it('refuses a model without any price in the period: a stable error, never $0', () => {
    const rows = groupRequests([request('2026-03-05T10:00:00Z', M.balanced, null)], plan);
    const run = () => computeSavings({ rows, plan, pricer, baseline: { kind: 'pinned', model: M.unpriced } });
    expect(run).toThrow(AppError);
    try {
      run();
    } catch (e) {
      expect((e as AppError).code).toBe('bad_request:savings');
      expect((e as AppError).fields?.baseline).toBeDefined();
    }
  });

  it('counts requests where the model is not priced yet as unpriced, outside the sums', () => {
    // acme/late is priced from 15 March only.
    const early = request('2026-03-10T10:00:00Z', M.balanced, null);
    const late = request('2026-03-20T10:00:00Z', M.balanced, null);
    const report = computeSavings({ rows: groupRequests([early, late], plan), plan, pricer, baseline: { kind: 'pinned', model: M.late } });
    expect(report.totals.unpricedRequests).toBe(1);
    expect(report.totals.requests).toBe(1);
    expect(report.totals.actualMicros).toBe(late.costMicros);
    expect(report.totals.baselineMicros).toBe(700_001); // 1M input × $0.700001
  });

  it('refuses a tier without a model', () => {
    expect(() => computeSavings({ rows: [], plan, pricer, baseline: { kind: 'tier', tier: 'empty', models: [] } })).toThrow(
      expect.objectContaining({ code: 'bad_request:savings' }),
    );
  });
});

describe('against traffic of a period', () => {
  const traffic = recordTraffic(4_000, 3);
  const rows = groupRequests(traffic, plan);

  it('the routing table that served the traffic, replayed: routing savings 0, caching savings as recorded', () => {
    const report = computeSavings({ rows, plan, pricer, baseline: { kind: 'version', version: 7, router: testRouter(SERVED_DOC) } });
    const priced = traffic.filter((r) => r.costMicros !== null);
    expect(report.totals.routingMicros).toBe(0);
    expect(report.totals.baselineMicros).toBe(report.totals.actualMicros);
    expect(report.totals.cachingMicros).toBe(priced.reduce((a, r) => a + r.cacheSavingsMicros!, 0));
    expect(report.totals.cachingMicros).toBeGreaterThan(0);
    expect(report.baseline.label).toBe('routing table version 7, replayed');
    expect(report.roundingBoundMicros).toBe(0);
  });

  it('all traffic on the frontier tier: breakdowns add up to the totals, per-request oracle within the bound', () => {
    const report = computeSavings({
      rows,
      plan,
      pricer,
      baseline: { kind: 'tier', tier: 'frontier', models: [M.frontier, M.sonnet] },
      changeAt: CHANGE,
    });
    for (const list of [report.byMonth, report.byMode, report.byTier, report.byProject, report.byMonthAndMode])
      for (const k of ['requests', 'actualMicros', 'baselineMicros', 'routingMicros', 'cachingMicros', 'unpricedRequests'] as const)
        expect(sum(list, k)).toBe(report.totals[k]);
    expect(report.byMonth.map((m) => m.key)).toEqual(['2026-03']);

    // The oracle: each request on acme/frontier at its own time and tokens, cache as recorded.
    let baseline = 0;
    let actual = 0;
    for (const r of traffic) {
      const b = r.model === 'frontier' ? r.costMicros : pricer.price('acme', 'frontier', r.at, r.tokens).costMicros;
      if (r.costMicros === null || b === null) continue;
      baseline += b;
      actual += r.costMicros;
    }
    expect(report.totals.actualMicros).toBe(actual);
    expect(Math.abs(report.totals.baselineMicros - baseline)).toBeLessThanOrEqual(report.roundingBoundMicros);

    // Average cost per request before and after the change, from the same sums.
    const { before, after } = report.change!;
    expect(before.covered + after.covered).toBe(report.totals.requests);
    const beforeRequests = traffic.filter((r) => r.at < CHANGE && r.costMicros !== null);
    expect(before.requests).toBe(beforeRequests.length);
    const beforeActual = beforeRequests.reduce((a, r) => a + r.costMicros!, 0);
    expect(before.actualPerRequestMicros).toBe(Math.round(beforeActual / beforeRequests.length));
  });

  it('files months in the organisation’s time zone', () => {
    const twoMonths = groupingBoundaries({
      period: { from: new Date('2026-02-14T23:00:00Z'), to: new Date('2026-03-14T23:00:00Z') },
      timeZone: TZ,
      candidates: [],
      models: [M.balanced],
      pricer,
      pricing: PRICING,
    });
    // 23:30 UTC on 28 February is already 1 March in Paris.
    const r = [request('2026-02-28T22:30:00Z', M.balanced, 'acme/frontier'), request('2026-02-28T23:30:00Z', M.balanced, 'acme/frontier')];
    const report = computeSavings({ rows: groupRequests(r, twoMonths), plan: twoMonths, pricer, baseline: { kind: 'requested' } });
    expect(report.byMonth.map((m) => [m.key, m.requests])).toEqual([
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
  });
});

describe('how a report reads each month (monthParts)', () => {
  it('reads covered months whole, months a slice starts inside by day, edge months whole only if their other days are empty', () => {
    const parts = monthParts('2026-01-15', '2026-04-01', ['2026-03-10']);
    expect(parts.map((p) => [p.month, p.lo, p.hi, p.how])).toEqual([
      ['2026-01-01', '2026-01-15', '2026-02-01', 'either'],
      ['2026-02-01', '2026-02-01', '2026-03-01', 'month'],
      ['2026-03-01', '2026-03-01', '2026-04-01', 'days'],
    ]);
    expect(parts[0]!.outside).toEqual([{ from: '2026-01-01', to: '2026-01-15' }]);
    // A period inside one month: the days on both sides must be empty for the month row to be read.
    const inside = monthParts('2026-02-10', '2026-02-20');
    expect(inside).toHaveLength(1);
    expect(inside[0]!.how).toBe('either');
    expect(inside[0]!.outside).toEqual([
      { from: '2026-02-01', to: '2026-02-10' },
      { from: '2026-02-20', to: '2026-03-01' },
    ]);
    // A cut on a month's first day is a month bound already: the month stays whole.
    expect(monthParts('2026-01-01', '2027-01-01', ['2026-06-01']).map((p) => p.how)).toEqual(Array(12).fill('month'));
  });
});
