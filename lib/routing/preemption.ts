/**
 * Pre-emption: rule A (earlier) covers rule B when every request B would decide, A decides first — as
 * routeRequest reads requests. Exact for every test: values are independent across tests, a set test fails on
 * a missing value, an untested dimension allows values (and absence) that no finite set covers, token ranges
 * are intervals, and the few budget-state combinations are enumerated. A rule that only several earlier rules
 * together cover is not detected: deciding that is coNP-hard in general (see ADR 0006).
 */
import { BUDGET_STATES, type BudgetTest, type RoutingRule, type RuleWhen, type TokenRange } from './document';
import { requestKindOf } from './features';

const PLAIN_SETS = ['mode', 'task', 'project', 'user'] as const;

/** True when `a` decides every request that `b` would (so `b`, after `a`, never fires). */
export function ruleCovers(a: RoutingRule, b: RoutingRule, tiers: { has(tier: string): boolean }): boolean {
  return whenCovers(a.when, b.when, tiers);
}

export function whenCovers(a: RuleWhen, b: RuleWhen, tiers: { has(tier: string): boolean }): boolean {
  if (b.inputTokens && isEmptyRange(b.inputTokens)) return true; // b matches nothing
  for (const k of PLAIN_SETS) if (!setCovers(a[k], b[k])) return false;
  for (const [key, values] of Object.entries(a.tags ?? {})) if (!setCovers(values, b.tags?.[key])) return false;
  if (!rangeCovers(a.inputTokens, b.inputTokens)) return false;
  if (!budgetCovers(a.budget, b.budget)) return false;
  return requestedCovers(a.requestedModel, b.requestedModel, tiers);
}

/** An untested `a` allows everything; an untested `b` allows values no finite set lists. */
function setCovers(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  const allowed = new Set(a);
  return b.every((v) => allowed.has(v));
}

/**
 * routeRequest lets a rule without a requested-model test decide only `auto` requests (auto, or an alias of no
 * tier); a rule with one decides any request it matches.
 */
function requestedCovers(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
  tiers: { has(tier: string): boolean },
): boolean {
  if (a !== undefined) return setCovers(a, b);
  if (b === undefined) return true;
  return b.every((v) => requestKindOf(v, tiers) === 'auto');
}

function rangeCovers(a: TokenRange | undefined, b: TokenRange | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  return (a.gte ?? 0) <= (b.gte ?? 0) && (b.lt ?? Number.POSITIVE_INFINITY) <= (a.lt ?? Number.POSITIVE_INFINITY);
}

export function isEmptyRange(r: TokenRange): boolean {
  return (r.gte ?? 0) >= (r.lt ?? Number.POSITIVE_INFINITY);
}

/**
 * Budget states are free per budget, so split the budgets into those both tests see, only a's, and only b's
 * (a test without ids sees all budgets: an unbounded set). Each group's worst state is any state when the group
 * is non-empty, else ok; b covered ⇔ no combination makes b hold and a fail.
 */
function budgetCovers(a: BudgetTest | undefined, b: BudgetTest | undefined): boolean {
  if (a === undefined) return true;
  const aHolds = (rank: number) => a.state.includes(BUDGET_STATES[rank]!);
  if (b === undefined) return [0, 1, 2].every(aHolds);
  const bHolds = (rank: number) => b.state.includes(BUDGET_STATES[rank]!);
  const [both, onlyA, onlyB] = groups(a.budgets, b.budgets);
  const ranks = (nonEmpty: boolean) => (nonEmpty ? [0, 1, 2] : [0]);
  for (const gi of ranks(both)) {
    for (const ga of ranks(onlyA)) {
      for (const gb of ranks(onlyB)) {
        if (bHolds(Math.max(gi, gb)) && !aHolds(Math.max(gi, ga))) return false;
      }
    }
  }
  return true;
}

/** Whether each group is non-empty: budgets in both scopes, only in a's, only in b's (undefined = every budget). */
function groups(a: readonly string[] | undefined, b: readonly string[] | undefined): [boolean, boolean, boolean] {
  if (a === undefined && b === undefined) return [true, false, false];
  if (a === undefined) return [true, true, false];
  if (b === undefined) return [true, false, true];
  const [sa, sb] = [new Set(a), new Set(b)];
  return [[...sa].some((x) => sb.has(x)), [...sa].some((x) => !sb.has(x)), [...sb].some((x) => !sa.has(x))];
}
