import 'server-only';
/** An archived project keeps its history; its keys stop working and no new ones can be made. */
import { recordAudit } from '@/db/queries/audit';
import { getProjectById, updateProjectById } from '@/db/queries/projects';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { setProjectArchivedSchema } from '@/lib/projects/schemas';
import type { ServiceContext } from '../context';

export async function setProjectArchived(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'projects:manage');
  const { id, archived } = parseInput(setProjectArchivedSchema, input);
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const before = await getProjectById(tx, { id, lock: true });
    if (!before) throw new AppError('not_found:project', 'No such project.');
    await updateProjectById(tx, { id, values: { archivedAt: archived ? ctx.now : null } });
    await recordAudit(tx, {
      actor,
      action: archived ? 'project.archive' : 'project.unarchive',
      targetType: 'project',
      targetId: id,
      details: { name: before.name },
    });
  });
  return { id, archived };
}
