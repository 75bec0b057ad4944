import 'server-only';
/** Deletes a budget and its status; its alerts stay in the ledger (they say what was sent). Audited with the definition. */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { afterBudgetStateBump } from '@/db/budget-state-version';
import { bumpBudgetStateVersion, deleteBudgetRow } from '@/db/queries/budgets';
import { assertCan } from '@/lib/auth/guard';
import { budgetToInput } from '@/lib/budgets/schema';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';
import { definitionOf, storedBudget } from './budget-figures';

const schema = z.strictObject({ id: z.guid('A budget id is a UUID.') });

export async function deleteBudget(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, 'budgets:edit');
  const actor = ctx.actor;
  const { id } = parseInput(schema, input, 'budget');
  const committed = ctx.db.transaction(async (tx) => {
    const row = await deleteBudgetRow(tx, { id });
    if (!row) throw new AppError('not_found:budget', 'No such budget.');
    await bumpBudgetStateVersion(tx);
    await recordAudit(tx, {
      actor,
      action: 'budget.delete',
      targetType: 'budget',
      targetId: id,
      details: budgetToInput(definitionOf(storedBudget(row))),
    });
    return { id };
  });
  return afterBudgetStateBump(ctx.handle, committed);
}
