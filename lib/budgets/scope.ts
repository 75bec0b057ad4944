/**
 * A budget's scope applied three ways, with one meaning:
 * - `compileScope(scope)` → a matcher over one event's or request's dimensions (the gateway and the routing
 *   evaluator's `when.budget`). Each restricted dimension must hold one of its values; tags: every listed key
 *   must be present with one of its values. Mode, task, provider and tier are compared trimmed and lower-cased
 *   (ingestion stores them so: lib/ingest/event-schema.ts; a gateway's headers may not be); project ids
 *   lower-cased (UUIDs); user, model and tag keys and values exactly, as ingestion keeps them. A dimension the
 *   features do not carry (null, missing, '') does not match a scope that restricts it — as SQL `in (…)` never
 *   matches the rollups' '' — so to ask about a candidate route, pass its provider, model and tier.
 * - `scopeUsageQuery(scope, period, zone)` → the usage explorer's query (lib/usage/query.ts) whose total is the
 *   budget's spend: the same filter, over the period's local days (calendar) or hours (rolling), so the figure
 *   equals the explorer's for the same filter (DESIGN "Budgets") and comes from the same rollup the planner picks.
 * - `explorerViewOfScope(...)` → the explorer's URL state, for "open in Usage" links. Several tag keys at once
 *   are one explorer view (its tag filters are ANDed across keys), answered by the tag-set day rollup
 *   (usage_daily_tag_sets) over whole days, or the user-set day rollup when a user is also in scope. A rolling window has
 *   no exact explorer view (the explorer's custom range is whole local days): the link covers the days the
 *   window touches and says so (`exact: false`).
 * `budgetsForRequest(budgets, features)` gives the matching budgets' states, the worst of them and what to
 * enforce (block before downgrade; the cheapest downgrade tier when several apply). Pure.
 */
import type { ExplorerState, FilterDimension } from '@/lib/usage/explorer-state';
import { describeSource, planSource, type UsageFilter, type UsageQuery, type UsageSource } from '@/lib/usage/query';
import { addDays, formatCalendarDate, startOfLocalDay } from '@/lib/time/zoned';
import type { BudgetPeriod } from './periods';
import { type BudgetAction, type BudgetScope, LOWER_CASED_DIMENSIONS, SCOPE_DIMENSIONS, type ScopeDimension } from './schema';
import { type BudgetState, type BudgetStatus, worstState } from './state';

/** What is known of one event or request. A gateway's request may lack model, provider and tier until routed. */
export type ScopeFeatures = Partial<Record<ScopeDimension, string | null>> & { tags?: Readonly<Record<string, string>> | null };

export type ScopeMatcher = (features: ScopeFeatures) => boolean;

export function compileScope(scope: BudgetScope): ScopeMatcher {
  const tests = SCOPE_DIMENSIONS.filter((d) => scope[d].length > 0).map((d) => ({
    dimension: d,
    values: new Set(scope[d]),
    lower: LOWER_CASED_DIMENSIONS.has(d),
  }));
  const tagTests = Object.entries(scope.tags)
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => ({ key, values: new Set(values) }));
  return (features) => {
    for (const t of tests) {
      const raw = features[t.dimension];
      if (raw === null || raw === undefined) return false;
      if (!t.values.has(t.lower ? raw.trim().toLowerCase() : raw)) return false;
    }
    if (tagTests.length === 0) return true;
    const tags = features.tags;
    if (!tags) return false;
    for (const t of tagTests) {
      const v = Object.hasOwn(tags, t.key) ? tags[t.key] : undefined;
      if (v === undefined || !t.values.has(v)) return false;
    }
    return true;
  };
}

/** The explorer's filter for a scope (project ids, dimension values, tags: the same sets). */
export function scopeToUsageFilter(scope: BudgetScope): UsageFilter {
  const values: UsageFilter['values'] = {};
  for (const d of SCOPE_DIMENSIONS) if (d !== 'project' && scope[d].length > 0) values[d] = [...scope[d]];
  const tags = Object.fromEntries(Object.entries(scope.tags).filter(([, v]) => v.length > 0));
  return { projectIds: [...scope.project], values, tags };
}

/**
 * The usage query whose total (`costMicros`, `unpricedRequests`) is the budget's spend in a period. Calendar
 * periods are asked as their local days (local midnights), exactly as the explorer asks a custom date range, so
 * the planner may answer from a daily rollup; rolling windows as their UTC hours.
 */
export function scopeUsageQuery(scope: BudgetScope, period: BudgetPeriod, timeZone: string): UsageQuery {
  const calendar = period.kind !== 'rolling';
  return {
    from: calendar ? startOfLocalDay(period.firstDay, timeZone) : period.start,
    to: calendar ? startOfLocalDay(addDays(period.lastDay, 1), timeZone) : period.end,
    timeZone,
    filter: scopeToUsageFilter(scope),
    groupBy: [],
    granularity: null,
    measures: 'spend',
  };
}

/** Where the spend figure comes from (the planner's choice, with the organisation's daily-rollup zone). */
export function scopeSpendSource(scope: BudgetScope, period: BudgetPeriod, timeZone: string): { source: UsageSource; text: string } {
  const source = planSource(scopeUsageQuery(scope, period, timeZone), timeZone);
  return { source, text: describeSource(source) };
}

export interface ExplorerView {
  state: ExplorerState;
  /** True when the explorer's total for this view is the budget's spend. */
  exact: boolean;
  note: string | null;
}

/**
 * The usage explorer's state for a budget's scope and period (write it with `explorerSearch` into
 * `/usage?…`). `slugOf` maps project ids to the slugs the explorer's URL uses; a project without one (deleted)
 * makes the view inexact.
 */
export function explorerViewOfScope(
  scope: BudgetScope,
  period: BudgetPeriod,
  slugOf: (projectId: string) => string | undefined,
): ExplorerView {
  const slugs = scope.project.map(slugOf);
  const missing = slugs.some((s) => s === undefined);
  const values: ExplorerState['values'] = {};
  for (const d of SCOPE_DIMENSIONS) if (d !== 'project' && scope[d].length > 0) values[d as FilterDimension] = [...scope[d]];
  const grouped = SCOPE_DIMENSIONS.find((d) => d !== 'project' && scope[d].length > 1) ?? 'mode';
  const state: ExplorerState = {
    group: { dimension: grouped },
    granularity: 'day',
    period: { range: 'custom', from: formatCalendarDate(period.firstDay), to: formatCalendarDate(period.lastDay) },
    projects: [...new Set(slugs.filter((s): s is string => s !== undefined))].sort(),
    values,
    tags: Object.fromEntries(Object.entries(scope.tags).map(([k, v]) => [k, [...v]])),
    sort: 'cost',
    dir: 'desc',
  };
  const notes = [
    period.kind === 'rolling' ? 'The explorer shows whole days: this view covers every day the rolling window touches.' : null,
    missing ? 'A project of this budget no longer exists; the view leaves it out.' : null,
  ].filter((n): n is string => n !== null);
  return { state, exact: notes.length === 0, note: notes.length > 0 ? notes.join(' ') : null };
}

// ── gateways and the routing evaluator ─────────────────────────────────────────────────────────────

export interface CompiledBudget {
  id: string;
  name: string;
  matches: ScopeMatcher;
  action: BudgetAction;
  status: BudgetStatus;
}

/** A budget with its current status, ready to test requests against (paused budgets never match: they do not act). */
export function compileBudget(
  budget: { id: string; name: string; scope: BudgetScope; action: BudgetAction; paused: boolean },
  status: BudgetStatus,
): CompiledBudget {
  const matches = budget.paused ? () => false : compileScope(budget.scope);
  return { id: budget.id, name: budget.name, matches, action: budget.action, status };
}

export type Enforcement =
  | { kind: 'none' }
  | { kind: 'downgrade'; tier: string; budgetIds: string[] }
  | { kind: 'block'; budgetIds: string[] };

export interface RequestBudgets {
  /** The worst state among matching budgets; `ok` when none matches (nothing is over). */
  worst: BudgetState;
  budgets: Array<{ id: string; name: string; state: BudgetState; percentTenths: number; action: BudgetAction }>;
  /** What exceeded budgets demand: block beats downgrade; of several downgrades, the cheapest tier (last in `tierOrder`). */
  enforcement: Enforcement;
}

export function budgetsForRequest(
  budgets: readonly CompiledBudget[],
  features: ScopeFeatures,
  tierOrder: readonly string[] = [],
): RequestBudgets {
  const matching = budgets.filter((b) => b.matches(features));
  const exceeded = matching.filter((b) => b.status.state === 'exceeded');
  const blocking = exceeded.filter((b) => b.action.kind === 'block');
  const downgrades = exceeded.flatMap((b) => (b.action.kind === 'downgrade' ? [{ id: b.id, tier: b.action.tier }] : []));
  let enforcement: Enforcement = { kind: 'none' };
  if (blocking.length > 0) enforcement = { kind: 'block', budgetIds: blocking.map((b) => b.id) };
  else if (downgrades.length > 0) {
    const rank = (t: string) => tierOrder.indexOf(t);
    const tier = downgrades.reduce((a, b) => (rank(b.tier) > rank(a.tier) ? b : a)).tier;
    enforcement = { kind: 'downgrade', tier, budgetIds: downgrades.map((d) => d.id) };
  }
  return {
    worst: worstState(matching.map((b) => b.status.state)) ?? 'ok',
    budgets: matching.map((b) => ({
      id: b.id,
      name: b.name,
      state: b.status.state,
      percentTenths: b.status.percentTenths,
      action: b.action,
    })),
    enforcement,
  };
}
