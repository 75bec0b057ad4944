/**
 * Savings reports (DESIGN.md "Savings", ADR 0008). For each group the baseline covers and both sides price:
 *   routing savings = baseline cost − actual cost, the baseline priced on the recorded token classes
 *                     (the actual cache behaviour: cached reads stay cached reads on the baseline model);
 *   caching savings = Σ cache_savings_micros, what the cache reads saved on the served model (ingestion);
 *   total           = routing + caching.
 * A request that stays on its served model has baseline = actual exactly, so it adds caching savings only.
 */
import { type GroupingPlan, modelKey } from '@/lib/simulation/group';
import { createGroupPricer } from '@/lib/simulation/price-group';
import { compareQuality, PlacementTally, type QualityComparison, type QualityMetric, type QualityOptions } from '@/lib/simulation/quality';
import { assertRowInPlan, DEFAULT_BUDGET_ASSUMPTION, replayRow } from '@/lib/simulation/replay';
import type { ReplayRow } from '@/lib/simulation/types';
import type { Pricer } from '@/lib/pricing/pricer';
import { type Baseline, type BaselineInfo, baselineDecider, describeBaseline, NOT_COVERED } from './baselines';

export interface SavingsCell {
  /** Requests compared: covered by the baseline and priced on both sides. */
  requests: number;
  actualMicros: number;
  baselineMicros: number;
  routingMicros: number;
  cachingMicros: number;
  totalMicros: number;
  /** Covered requests left out because one side is unpriced (never counted as $0). */
  unpricedRequests: number;
}

export interface AverageCost {
  /** Every priced request of the side, covered by the baseline or not: what the routing change did to the bill. */
  requests: number;
  /** Whole micro-dollars per priced request (rounded half up); null without requests. */
  actualPerRequestMicros: number | null;
  /** The requests the baseline covers and both sides price, and actual and baseline cost per request over those. */
  covered: number;
  coveredActualPerRequestMicros: number | null;
  baselinePerRequestMicros: number | null;
}

export interface SavingsReport {
  baseline: BaselineInfo;
  assumptions: { cache: 'as-recorded'; output: 'unchanged'; budgets: string };
  coverage: { requests: number; covered: number; notCovered: number };
  totals: SavingsCell;
  /** Local calendar month `YYYY-MM` in the plan's zone. */
  byMonth: (SavingsCell & { key: string })[];
  byMode: (SavingsCell & { key: string | null })[];
  byMonthAndMode: (SavingsCell & { month: string; mode: string | null })[];
  /** By the events' stored tier. */
  byTier: (SavingsCell & { key: string })[];
  /** Null key: the plan grouped across projects (pass `keep: { project: true }` to groupingBoundaries). */
  byProject: (SavingsCell & { key: string | null })[];
  /** Average cost per request before and after a routing change (the plan must split at `changeAt`). */
  change: { at: Date; before: AverageCost; after: AverageCost } | null;
  /** Reference = the baseline's traffic, candidate = the actual traffic: candidate − reference is the quality change. */
  quality: Record<QualityMetric, QualityComparison>;
  qualityByMode: { mode: string | null; success: QualityComparison['paired']; score: QualityComparison['paired'] }[];
  /** Baseline costs of moved groups are rounded once per group: within this many µ$ of a per-request sum. */
  roundingBoundMicros: number;
}

export interface SavingsInput {
  rows: Iterable<ReplayRow>;
  plan: GroupingPlan;
  pricer: Pricer;
  baseline: Baseline;
  changeAt?: Date;
  budgets?: string;
  quality?: QualityOptions;
}

const emptySavings = (): SavingsCell => ({
  requests: 0,
  actualMicros: 0,
  baselineMicros: 0,
  routingMicros: 0,
  cachingMicros: 0,
  totalMicros: 0,
  unpricedRequests: 0,
});

function addSavings(c: SavingsCell, requests: number, actual: number, baseline: number, caching: number): void {
  c.requests += requests;
  c.actualMicros += actual;
  c.baselineMicros += baseline;
  c.routingMicros += baseline - actual;
  c.cachingMicros += caching;
  c.totalMicros += baseline - actual + caching;
}

class SavingsTable<K> {
  readonly cells = new Map<string, { key: K; cell: SavingsCell }>();
  at(id: string, key: K): SavingsCell {
    let e = this.cells.get(id);
    if (!e) this.cells.set(id, (e = { key, cell: emptySavings() }));
    return e.cell;
  }
  list(): { key: K; cell: SavingsCell }[] {
    return [...this.cells.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => e);
  }
}

const halfUp = (micros: number, n: number) => (n === 0 ? null : Math.floor((2 * micros + n) / (2 * n)));

export function computeSavings(input: SavingsInput): SavingsReport {
  const { plan } = input;
  const prices = createGroupPricer(input.pricer, plan);
  const decide = baselineDecider(input.baseline, plan, prices);
  const changeSlice = input.changeAt ? changeSliceOf(plan, input.changeAt) : null;

  const totals = emptySavings();
  const byMonth = new SavingsTable<string>();
  const byMode = new SavingsTable<string | null>();
  const byMonthAndMode = new SavingsTable<{ month: string; mode: string | null }>();
  const byTier = new SavingsTable<string>();
  const byProject = new SavingsTable<string | null>();
  const before = emptySavings();
  const after = emptySavings();
  // Every priced request on each side of the change (the covered ones are in before/after too).
  const billed = { before: { requests: 0, micros: 0 }, after: { requests: 0, micros: 0 } };
  const quality = new PlacementTally();
  const coverage = { requests: 0, covered: 0, notCovered: 0 };
  let roundingBound = 0;

  for (const row of input.rows) {
    assertRowInPlan(row, plan);
    if (row.requests <= 0) continue;
    coverage.requests += row.requests;
    if (changeSlice !== null) {
      const side = row.timeSlice < changeSlice ? billed.before : billed.after;
      side.requests += row.pricedRequests;
      side.micros += row.costMicros;
    }
    const decision = decide(row);
    // Rows the baseline does not cover are left out of both sides, and never reach the pricer.
    if (decision === NOT_COVERED) {
      coverage.notCovered += row.requests;
      continue;
    }
    coverage.covered += row.requests;
    const o = replayRow(row, decision, prices, 'kept-when-moved');
    const served = modelKey(row);
    quality.add(row, served, o.kept ? served : modelKey(o.target), served);
    const month = plan.sliceDays[row.timeSlice]!.slice(0, 7);
    const cells = [
      totals,
      byMonth.at(month, month),
      byMode.at(JSON.stringify(row.mode), row.mode),
      byMonthAndMode.at(JSON.stringify([month, row.mode]), { month, mode: row.mode }),
      byTier.at(row.tier, row.tier),
      byProject.at(JSON.stringify(row.project), row.project),
      ...(changeSlice === null ? [] : [row.timeSlice < changeSlice ? before : after]),
    ];
    if (row.pricedRequests < row.requests || o.unpricedRequests > 0) {
      for (const c of cells) c.unpricedRequests += row.requests;
      continue;
    }
    roundingBound += o.roundingBoundMicros;
    for (const c of cells) addSavings(c, row.requests, row.costMicros, o.costMicros, row.cacheSavingsMicros);
  }

  const opts = input.quality ?? {};
  const success = quality.cells.estimates('success', opts);
  const score = quality.cells.estimates('score', opts);
  const placements = quality.list();
  const modes = [...new Set(placements.map((p) => p.mode))].sort((a, b) => String(a).localeCompare(String(b)));
  const average = (c: SavingsCell, all: { requests: number; micros: number }): AverageCost => ({
    requests: all.requests,
    actualPerRequestMicros: halfUp(all.micros, all.requests),
    covered: c.requests,
    coveredActualPerRequestMicros: halfUp(c.actualMicros, c.requests),
    baselinePerRequestMicros: halfUp(c.baselineMicros, c.requests),
  });

  return {
    baseline: describeBaseline(input.baseline),
    assumptions: { cache: 'as-recorded', output: 'unchanged', budgets: input.budgets ?? DEFAULT_BUDGET_ASSUMPTION },
    coverage,
    totals,
    byMonth: byMonth.list().map((e) => ({ key: e.key, ...e.cell })),
    byMode: byMode.list().map((e) => ({ key: e.key, ...e.cell })),
    byMonthAndMode: byMonthAndMode.list().map((e) => ({ ...e.key, ...e.cell })),
    byTier: byTier.list().map((e) => ({ key: e.key, ...e.cell })),
    byProject: byProject.list().map((e) => ({ key: e.key, ...e.cell })),
    change: input.changeAt ? { at: input.changeAt, before: average(before, billed.before), after: average(after, billed.after) } : null,
    quality: { success: compareQuality(success, placements), score: compareQuality(score, placements) },
    qualityByMode: modes.map((mode) => {
      const own = placements.filter((p) => p.mode === mode);
      return { mode, success: compareQuality(success, own).paired, score: compareQuality(score, own).paired };
    }),
    roundingBoundMicros: roundingBound,
  };
}

/** The first slice at or after the change; the change must be one of the plan's bounds (pass it as `splitAt`). */
function changeSliceOf(plan: GroupingPlan, at: Date): number {
  const t = at.getTime();
  if (t <= plan.from.getTime()) return 1;
  if (t >= plan.to.getTime()) return plan.timeBounds.length;
  const i = plan.timeBounds.findIndex((b) => b.getTime() === t);
  if (i < 0)
    throw new RangeError('computeSavings: changeAt is not a bound of the grouping plan (pass it to groupingBoundaries as splitAt)');
  return i + 1;
}
