import 'server-only';
/** Every signed-in person may see the projects (the dashboards' scope bar lists them). */
import { listProjects as listProjectRows } from '@/db/queries/projects';
import type { Project } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listProjects(
  ctx: ServiceContext,
  { includeArchived = true }: { includeArchived?: boolean } = {},
): Promise<Project[]> {
  assertCan(ctx.actor, 'dashboards:read');
  return listProjectRows(ctx.db, { includeArchived });
}
