import 'server-only';
/**
 * Creates a budget (lib/budgets/schema.ts: every refusal at once with a stable code per field, nothing saved),
 * audited, and evaluates it in the same transaction — a budget created mid-period counts the period's history
 * at once, and the gateways' state version moves.
 */
import { recordAudit } from '@/db/queries/audit';
import { afterBudgetStateBump } from '@/db/budget-state-version';
import { bumpBudgetStateVersion, insertBudget, saveBudgetStatuses } from '@/db/queries/budgets';
import { assertCan } from '@/lib/auth/guard';
import { budgetJson, type BudgetJson } from '@/lib/budgets/record';
import type { ServiceContext } from '../context';
import {
  budgetEnvironment,
  currentPeriodOf,
  figuresOf,
  parseBudgetDefinition,
  rowValues,
  statusFigures,
  storedBudget,
} from './budget-figures';

export async function createBudget(ctx: ServiceContext, input: unknown): Promise<BudgetJson> {
  assertCan(ctx.actor, 'budgets:edit');
  const actor = ctx.actor;
  const userId = actor.kind === 'user' ? actor.userId : null;
  const committed = ctx.db.transaction(async (tx) => {
    const env = await budgetEnvironment(tx);
    const { definition, forecastAlert } = parseBudgetDefinition(input, env);
    const row = await insertBudget(tx, {
      ...rowValues(definition),
      forecastAlert: forecastAlert ?? false,
      createdBy: userId,
      updatedBy: userId,
    });
    const budget = storedBudget(row);
    const [figures] = await figuresOf(tx, {
      items: [{ budget, period: currentPeriodOf(budget, env.timeZone, ctx.now) }],
      timeZone: env.timeZone,
    });
    await saveBudgetStatuses(tx, { rows: [statusFigures(budget.id, figures!)], now: ctx.now });
    await bumpBudgetStateVersion(tx);
    await recordAudit(tx, {
      actor,
      action: 'budget.create',
      targetType: 'budget',
      targetId: budget.id,
      details: { ...definition, forecastAlert: budget.forecastAlert },
    });
    return budgetJson(budget, figures!);
  });
  return afterBudgetStateBump(ctx.handle, committed);
}
