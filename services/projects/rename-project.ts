import 'server-only';
import { recordAudit } from '@/db/queries/audit';
import { getProjectById, updateProjectById } from '@/db/queries/projects';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { renameProjectSchema } from '@/lib/projects/schemas';
import type { ServiceContext } from '../context';

export async function renameProject(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'projects:manage');
  const { id, name } = parseInput(renameProjectSchema, input);
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const before = await getProjectById(tx, { id, lock: true });
    if (!before) throw new AppError('not_found:project', 'No such project.');
    await updateProjectById(tx, { id, values: { name } });
    await recordAudit(tx, {
      actor,
      action: 'project.rename',
      targetType: 'project',
      targetId: id,
      details: { from: before.name, to: name },
    });
  });
  return { id, name };
}
