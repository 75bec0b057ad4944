import 'server-only';
/**
 * The organisation's budgets as id and name, for the routing editor's budget picker and "Try a request": the same rows
 * save-time validation checks a rule's `when.budget.budgets` against (db/queries/routing.ts listBudgetOptionRows), so
 * what the picker offers is exactly what a save accepts.
 */
import { listBudgetOptionRows } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export interface BudgetOption {
  id: string;
  name: string;
}

export async function listBudgetOptions(ctx: ServiceContext, _input: unknown = {}): Promise<{ budgets: BudgetOption[] }> {
  assertCan(ctx.actor, 'dashboards:read');
  return { budgets: await listBudgetOptionRows(ctx.db) };
}
