import 'server-only';
/** Deletes a saved run: its author, or an admin. A run someone else already deleted → `not_found:simulation`. */
import { recordAudit } from '@/db/queries/audit';
import { deleteSimulationRunRow, getSimulationRunById } from '@/db/queries/simulation';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';

const schema = z.strictObject({ id: z.uuid() });

export async function deleteSimulationRun(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, 'simulations:run');
  const { id } = parseInput(schema, input, 'simulation');
  const actor = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    const run = await getSimulationRunById(tx, id);
    if (!run) throw new AppError('not_found:simulation', 'This simulation run does not exist (it may have been deleted).');
    const mine = actor.kind === 'system' || run.createdBy === actor.userId;
    if (!mine && actor.role !== 'admin')
      throw new AppError('forbidden:simulation', 'Only the person who ran it, or an admin, may delete this run.');
    await deleteSimulationRunRow(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'simulation.delete',
      targetType: 'simulation_run',
      targetId: id,
      details: { label: run.label },
    });
    return { id };
  });
}
