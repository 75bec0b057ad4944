import 'server-only';
/** What every dashboard page needs first: the organisation's time zone and the projects to scope by. */
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { listProjects } from '@/db/queries/projects';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function getDashboardContext(ctx: ServiceContext) {
  assertCan(ctx.actor, 'dashboards:read');
  const [timeZone, projects] = await Promise.all([getOrgTimeZone(ctx.db), listProjects(ctx.db)]);
  return { timeZone, projects: projects.map((p) => ({ id: p.id, slug: p.slug, name: p.name })) };
}
