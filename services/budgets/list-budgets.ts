import 'server-only';
/**
 * Every budget with its current period's figures, for the Budgets page and GET /api/v1/budgets: the status the
 * evaluator keeps (at most a second old; `evaluatedAt` says when), computed here for a budget whose stored status
 * is of an earlier period (the period turned since the last evaluation). Two queries for any number of budgets.
 */
import { listBudgetRows, listBudgetStatusRows } from '@/db/queries/budgets';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { assertCan } from '@/lib/auth/guard';
import type { BudgetPeriod } from '@/lib/budgets/periods';
import { budgetJson, type BudgetJson, type StoredBudget } from '@/lib/budgets/record';
import { budgetStatus } from '@/lib/budgets/state';
import type { ServiceContext } from '../context';
import { currentPeriodOf, figuresOf, storedBudget } from './budget-figures';

export type ListedBudget = BudgetJson & { evaluatedAt: string | null };

export async function listBudgets(ctx: ServiceContext, _input: unknown = {}): Promise<{ timeZone: string; budgets: ListedBudget[] }> {
  assertCan(ctx.actor, 'dashboards:read');
  const [rows, statuses, timeZone] = await Promise.all([listBudgetRows(ctx.db), listBudgetStatusRows(ctx.db), getOrgTimeZone(ctx.db)]);
  const byId = new Map(statuses.map((s) => [s.budgetId, s]));
  const budgets = rows.map(storedBudget);
  const periods = budgets.map((b) => currentPeriodOf(b, timeZone, ctx.now));
  const stale: Array<{ k: number; budget: StoredBudget; period: BudgetPeriod }> = [];
  budgets.forEach((budget, k) => {
    const s = byId.get(budget.id);
    if (!s || s.periodKey !== periods[k]!.key || s.periodStart.getTime() !== periods[k]!.start.getTime())
      stale.push({ k, budget, period: periods[k]! });
  });
  const fresh = await figuresOf(ctx.db, { items: stale, timeZone });
  const computed = new Map(stale.map((s, i) => [s.k, fresh[i]!]));
  return {
    timeZone,
    budgets: budgets.map((budget, k) => {
      const live = computed.get(k);
      if (live) return { ...budgetJson(budget, live), evaluatedAt: ctx.now.toISOString() };
      const s = byId.get(budget.id)!;
      const status = budgetStatus(
        { spendMicros: s.spendMicros, unpricedRequests: s.unpricedRequests },
        { amountMicros: budget.amountMicros, thresholds: budget.thresholds },
      );
      return { ...budgetJson(budget, { period: periods[k]!, status }), evaluatedAt: s.evaluatedAt.toISOString() };
    }),
  };
}
