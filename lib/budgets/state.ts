/**
 * A budget's state from its spend: `ok` < first threshold ≤ `warning` < 100 % ≤ `exceeded` (DESIGN "Budgets").
 * Exact: a threshold is reached when spend × 100 ≥ percent × amount, compared as BigInts (micro-dollar
 * amounts up to 10^14 times percents up to 1,000 exceed 2^53). The displayed percentage is truncated to one
 * decimal, never rounded up, so "100.0 %" is only ever shown for an exceeded budget and "80.0 %" only once
 * the 80 % threshold is reached.
 *
 * Unpriced requests (models with no known price) cannot be added to a dollar spend; their count is carried
 * beside it (`unpricedRequests`, `incomplete`) for the UI and alerts to show — never counted as $0 silently.
 *
 * Exactly-once alerts: `crossedThresholds(previous, next)` is the cheap test on the write path (nothing newly
 * reached → no database round trip); the guarantee is the alert ledger's unique key (budget, period key,
 * threshold): `thresholdsToAlert(spend, alreadyAlerted)` lists every threshold reached and not yet in the ledger,
 * and the caller inserts each with ON CONFLICT DO NOTHING, alerting only for the rows it inserted. A spend that
 * falls (re-pricing) and rises again re-reaches a threshold already in the ledger: no second alert.
 */

export const BUDGET_STATES = ['ok', 'warning', 'exceeded'] as const;
export type BudgetState = (typeof BUDGET_STATES)[number];

export interface SpendFigures {
  /** Computed cost of the priced requests in scope and period (integer micro-dollars). */
  spendMicros: number;
  /** Requests in scope and period whose model has no known price. */
  unpricedRequests: number;
  /**
   * Estimated cost of requests a gateway has in flight (not yet reported). Counted into the state, so a
   * budget stops admitting requests before concurrent ones overspend it; 0 when unknown.
   */
  reservedMicros?: number;
}

export interface BudgetLimits {
  amountMicros: number;
  /** Strictly increasing percents (lib/budgets/schema.ts guarantees it). */
  thresholds: readonly number[];
}

export interface BudgetStatus {
  state: BudgetState;
  spendMicros: number;
  reservedMicros: number;
  unpricedRequests: number;
  /** True when unpriced requests exist: the dollar figure is a lower bound. */
  incomplete: boolean;
  amountMicros: number;
  /** Percent of the amount used, in tenths, truncated: 813 = 81.3 %. Exactly (spend + reserved) × 1000 / amount, floored. */
  percentTenths: number;
  /** "81.3 %". */
  percentText: string;
  remainingMicros: number;
  overMicros: number;
  /** Thresholds reached, ascending. */
  thresholdsReached: number[];
  /** The lowest threshold not reached yet, null when all are. */
  nextThreshold: number | null;
}

const big = (n: number) => BigInt(Math.trunc(n));

/** Whether `spendMicros` reaches `percent` % of `amountMicros`. */
export function reachesPercent(spendMicros: number, percent: number, amountMicros: number): boolean {
  return big(spendMicros) * 100n >= big(percent) * big(amountMicros);
}

export function budgetStatus(figures: SpendFigures, limits: BudgetLimits): BudgetStatus {
  const reserved = Math.max(0, figures.reservedMicros ?? 0);
  const used = figures.spendMicros + reserved;
  const tenths = Number((big(Math.max(0, used)) * 1000n) / big(limits.amountMicros));
  const reached = limits.thresholds.filter((t) => reachesPercent(used, t, limits.amountMicros));
  const state: BudgetState = reachesPercent(used, 100, limits.amountMicros) ? 'exceeded' : reached.length > 0 ? 'warning' : 'ok';
  return {
    state,
    spendMicros: figures.spendMicros,
    reservedMicros: reserved,
    unpricedRequests: figures.unpricedRequests,
    incomplete: figures.unpricedRequests > 0,
    amountMicros: limits.amountMicros,
    percentTenths: tenths,
    percentText: formatPercentTenths(tenths),
    remainingMicros: Math.max(0, limits.amountMicros - used),
    overMicros: Math.max(0, used - limits.amountMicros),
    thresholdsReached: reached,
    nextThreshold: limits.thresholds.find((t) => !reached.includes(t)) ?? null,
  };
}

/** 813 → "81.3 %", 12345 → "1,234.5 %". */
export function formatPercentTenths(tenths: number): string {
  return `${Math.floor(tenths / 10).toLocaleString('en-US')}.${tenths % 10} %`;
}

/** Thresholds reached by `newSpend` and not by `previousSpend`, ascending (empty when spend fell or stayed). */
export function crossedThresholds(previousSpend: number, newSpend: number, thresholds: readonly number[], amountMicros: number): number[] {
  return thresholds.filter((t) => reachesPercent(newSpend, t, amountMicros) && !reachesPercent(previousSpend, t, amountMicros));
}

/** Thresholds reached by `spend` that the ledger has no alert for yet: the rows to insert (ON CONFLICT DO NOTHING). */
export function thresholdsToAlert(
  spendMicros: number,
  thresholds: readonly number[],
  amountMicros: number,
  alreadyAlerted: Iterable<number>,
): number[] {
  const done = new Set(alreadyAlerted);
  return thresholds.filter((t) => !done.has(t) && reachesPercent(spendMicros, t, amountMicros));
}

const SEVERITY: Record<BudgetState, number> = { ok: 0, warning: 1, exceeded: 2 };
export const compareStates = (a: BudgetState, b: BudgetState) => SEVERITY[a] - SEVERITY[b];
export function worstState(states: Iterable<BudgetState>): BudgetState | null {
  let worst: BudgetState | null = null;
  for (const s of states) if (worst === null || compareStates(s, worst) > 0) worst = s;
  return worst;
}
