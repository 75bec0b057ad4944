/**
 * What-if replay (DESIGN.md "Simulation", ADR 0008): every group of recorded requests is evaluated by
 * the candidate's router with its recorded features and priced on the model it would be routed to.
 * A request that stays on its served model keeps its recorded cost exactly (so replaying the document
 * that served the traffic gives zero savings); a moved one is priced by the pricing engine at the
 * prices in force in its time slice, at the long-context tier of its input class.
 */
import type { Pricer } from '@/lib/pricing/pricer';
import { classInputTokens, type GroupingPlan, isValidClass, isValidSlice } from './group';
import { createGroupPricer, type GroupPricer, groupRoundingBound } from './price-group';
import type { QualityOptions } from './quality';
import { type SimulationResult, SimulationTally } from './result';
import type { CacheAssumption, ModelRef, ReplayRow, RequestFeatures, RouteChoice, Router } from './types';

export const DEFAULT_BUDGET_ASSUMPTION = 'every budget ok';
export const DEFAULT_TOP_SESSIONS = 10;

export function featuresOf(row: ReplayRow, plan: GroupingPlan): RequestFeatures {
  return {
    mode: row.mode,
    task: row.task,
    project: row.project,
    user: row.user,
    tags: row.tags,
    requestedModel: row.requestedModel,
    inputTokens: classInputTokens(plan, row.inputClass),
  };
}

const sameModel = (a: ModelRef, b: ModelRef) =>
  a.provider.toLowerCase() === b.provider.toLowerCase() && a.model.toLowerCase() === b.model.toLowerCase();

/**
 * A request keeps its served model (and its recorded cost) when the decision routes to it, or when the
 * same rule and tier decided when it was recorded and it was served by one of the decision's fallbacks.
 */
export function keepsServedModel(choice: RouteChoice | null, row: Pick<ReplayRow, 'provider' | 'model' | 'routing'>): boolean {
  if (choice === null || sameModel(choice, row)) return true;
  return (
    (row.routing.ruleId !== null || row.routing.tier !== null) &&
    choice.ruleId === row.routing.ruleId &&
    choice.tier === row.routing.tier &&
    (choice.fallbacks ?? []).some((f) => sameModel(f, row))
  );
}

export interface RowOutcome {
  kept: boolean;
  target: ModelRef;
  tier: string;
  costMicros: number;
  unpricedRequests: number;
  roundingBoundMicros: number;
}

/** One group under one decision. */
export function replayRow(row: ReplayRow, choice: RouteChoice | null, prices: GroupPricer, cache: CacheAssumption): RowOutcome {
  if (keepsServedModel(choice, row))
    return {
      kept: true,
      target: row,
      tier: row.tier,
      costMicros: row.costMicros,
      unpricedRequests: row.requests - row.pricedRequests,
      roundingBoundMicros: 0,
    };
  const target = choice!;
  const cost = prices.cost(target, row.timeSlice, row.inputClass, row.tokens, cache);
  return {
    kept: false,
    target,
    tier: target.tier ?? prices.tierOf(target),
    costMicros: cost ?? 0,
    unpricedRequests: cost === null ? row.requests : 0,
    roundingBoundMicros: cost === null ? 0 : groupRoundingBound(row.requests),
  };
}

/** Rows come from the data layer: a row outside the plan is a bug there, not bad user input. */
export function assertRowInPlan(row: ReplayRow, plan: GroupingPlan): void {
  if (!isValidSlice(plan, row.timeSlice) || !isValidClass(plan, row.inputClass))
    throw new RangeError(`replay row outside the grouping plan (slice ${row.timeSlice}, class ${row.inputClass})`);
}

export interface SimulateInput {
  rows: Iterable<ReplayRow>;
  plan: GroupingPlan;
  router: Router;
  pricer: Pricer;
  /** Default: a moved request loses its cache. */
  cache?: CacheAssumption;
  /** The budget state the router was bound to, shown beside the result. */
  budgets?: string;
  quality?: QualityOptions;
  topSessions?: number;
}

/** The per-row callbacks a replay feeds; simulations and savings reports each keep their own tallies. */
export interface ReplayVisitor {
  visit(row: ReplayRow, choice: RouteChoice | null, outcome: RowOutcome): void;
}

/** The replay loop: validates, evaluates and prices each row once, hands the result to the visitor. */
export function replayRows(input: {
  rows: Iterable<ReplayRow>;
  plan: GroupingPlan;
  decide: (row: ReplayRow) => RouteChoice | null;
  prices: GroupPricer;
  cache: CacheAssumption;
  visitor: ReplayVisitor;
}): void {
  for (const row of input.rows) {
    assertRowInPlan(row, input.plan);
    if (row.requests <= 0) continue;
    const choice = input.decide(row);
    input.visitor.visit(row, choice, replayRow(row, choice, input.prices, input.cache));
  }
}

export function simulate(input: SimulateInput): SimulationResult {
  const { plan } = input;
  const cache = input.cache ?? 'lost-when-moved';
  const tally = new SimulationTally(plan);
  replayRows({
    rows: input.rows,
    plan,
    decide: (row) => input.router(featuresOf(row, plan)),
    prices: createGroupPricer(input.pricer, plan),
    cache,
    visitor: tally,
  });
  return tally.result(
    { cache, output: 'unchanged', budgets: input.budgets ?? DEFAULT_BUDGET_ASSUMPTION },
    input.quality ?? {},
    input.topSessions ?? DEFAULT_TOP_SESSIONS,
  );
}
