import 'server-only';
/** What the budget form offers: projects, tiers (most capable first) and alert channels (read here until h/channels' service). */
import { listChannelRefs } from '@/db/queries/budget-alerts';
import { listTiers } from '@/db/queries/models';
import { listProjects } from '@/db/queries/projects';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function getBudgetFormOptions(ctx: ServiceContext) {
  assertCan(ctx.actor, 'dashboards:read');
  const [projects, tiers, channels] = await Promise.all([
    listProjects(ctx.db, { includeArchived: false }),
    listTiers(ctx.db),
    listChannelRefs(ctx.db),
  ]);
  return {
    projects: projects.map((p) => ({ id: p.id, name: p.name, slug: p.slug })),
    tiers: tiers.map((t) => t.name),
    channels,
  };
}
