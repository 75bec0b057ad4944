import 'server-only';
/** Stops a monthly savings e-mail. Admins. */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { deleteSavingsSchedule as deleteRow } from '@/db/queries/savings-schedules';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';

export const deleteSavingsScheduleSchema = z.strictObject({ id: z.uuid() });

export async function deleteSavingsSchedule(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, 'channels:manage');
  const { id } = parseInput(deleteSavingsScheduleSchema, input, 'savings');
  const actor = ctx.actor!;
  return ctx.db.transaction(async (tx) => {
    const row = await deleteRow(tx, { id });
    if (!row) throw new AppError('not_found:savings', 'This monthly e-mail no longer exists.');
    await recordAudit(tx, { actor, action: 'savings_schedule.delete', targetType: 'savings_schedule', targetId: id, details: {} });
    return { id };
  });
}
