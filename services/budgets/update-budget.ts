import 'server-only';
/**
 * Changes a budget: `{ id, ...fields }`, each field given replacing the stored one whole (a scope replaces
 * the scope). The merged budget is checked as a new one would be; refused → nothing changes. Audited with the
 * fields before and after; the status is re-evaluated in the same transaction and the state version moves.
 */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { afterBudgetStateBump } from '@/db/budget-state-version';
import { bumpBudgetStateVersion, getBudgetRow, saveBudgetStatuses, updateBudgetRow } from '@/db/queries/budgets';
import { assertCan } from '@/lib/auth/guard';
import { budgetJson, type BudgetJson } from '@/lib/budgets/record';
import { budgetToInput } from '@/lib/budgets/schema';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';
import {
  budgetEnvironment,
  currentPeriodOf,
  definitionOf,
  figuresOf,
  parseBudgetDefinition,
  rowValues,
  statusFigures,
  storedBudget,
} from './budget-figures';

const idSchema = z.object({ id: z.guid('A budget id is a UUID.') });

export async function updateBudget(ctx: ServiceContext, input: unknown): Promise<BudgetJson> {
  assertCan(ctx.actor, 'budgets:edit');
  const actor = ctx.actor;
  const { id } = parseInput(idSchema, input, 'budget');
  const { id: _id, ...patch } = input as Record<string, unknown>;
  const committed = ctx.db.transaction(async (tx) => {
    const row = await getBudgetRow(tx, { id, lock: true });
    if (!row) throw new AppError('not_found:budget', 'No such budget.');
    const before = storedBudget(row);
    const env = await budgetEnvironment(tx);
    const merged = { ...budgetToInput(definitionOf(before)), forecastAlert: before.forecastAlert, ...patch };
    const { definition, forecastAlert } = parseBudgetDefinition(merged, env);
    const updated = await updateBudgetRow(tx, {
      id,
      values: {
        ...rowValues(definition),
        forecastAlert: forecastAlert ?? before.forecastAlert,
        updatedBy: actor.kind === 'user' ? actor.userId : null,
        updatedAt: ctx.now,
      },
    });
    const budget = storedBudget(updated!);
    const [figures] = await figuresOf(tx, {
      items: [{ budget, period: currentPeriodOf(budget, env.timeZone, ctx.now) }],
      timeZone: env.timeZone,
    });
    await saveBudgetStatuses(tx, { rows: [statusFigures(budget.id, figures!)], now: ctx.now });
    await bumpBudgetStateVersion(tx);
    await recordAudit(tx, {
      actor,
      action: 'budget.update',
      targetType: 'budget',
      targetId: id,
      details: {
        changed: Object.keys(patch).sort(),
        before: budgetToInput(definitionOf(before)),
        after: budgetToInput(definitionOf(budget)),
      },
    });
    return budgetJson(budget, figures!);
  });
  return afterBudgetStateBump(ctx.handle, committed);
}
