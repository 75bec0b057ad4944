import 'server-only';
import { recordAudit } from '@/db/queries/audit';
import { insertProject } from '@/db/queries/projects';
import type { Project } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { createProjectSchema } from '@/lib/projects/schemas';
import type { ServiceContext } from '../context';

export async function createProject(ctx: ServiceContext, input: unknown): Promise<Project> {
  assertCan(ctx.actor, 'projects:manage');
  const { name, slug } = parseInput(createProjectSchema, input);
  const actor = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    const row = await insertProject(tx, { name, slug });
    if (!row) {
      throw new AppError('conflict:project', `A project with the slug "${slug}" already exists.`, {
        fields: { slug: ['Already in use.'] },
      });
    }
    await recordAudit(tx, { actor, action: 'project.create', targetType: 'project', targetId: row.id, details: { name, slug } });
    return row;
  });
}
