import 'server-only';
/** Pauses or resumes a budget (`{ id, paused }`): a paused budget is shown but neither alerts nor acts. Audited. */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { afterBudgetStateBump } from '@/db/budget-state-version';
import { bumpBudgetStateVersion, getBudgetRow, updateBudgetRow } from '@/db/queries/budgets';
import { assertCan } from '@/lib/auth/guard';
import { budgetJson, type BudgetJson } from '@/lib/budgets/record';
import { AppError } from '@/lib/errors';
import { booleanInput, parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';
import { storedBudget } from './budget-figures';

const schema = z.strictObject({ id: z.guid('A budget id is a UUID.'), paused: booleanInput });

export async function setBudgetPaused(ctx: ServiceContext, input: unknown): Promise<BudgetJson> {
  assertCan(ctx.actor, 'budgets:edit');
  const actor = ctx.actor;
  const { id, paused } = parseInput(schema, input, 'budget');
  const committed = ctx.db.transaction(async (tx) => {
    const row = await getBudgetRow(tx, { id, lock: true });
    if (!row) throw new AppError('not_found:budget', 'No such budget.');
    if (row.paused === paused) return budgetJson(storedBudget(row), null);
    const updated = await updateBudgetRow(tx, {
      id,
      values: { paused, updatedBy: actor.kind === 'user' ? actor.userId : null, updatedAt: ctx.now },
    });
    await bumpBudgetStateVersion(tx);
    await recordAudit(tx, { actor, action: paused ? 'budget.pause' : 'budget.resume', targetType: 'budget', targetId: id });
    return budgetJson(storedBudget(updated!), null);
  });
  return afterBudgetStateBump(ctx.handle, committed);
}
