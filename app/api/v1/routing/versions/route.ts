import { route } from '@/server/http/route';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';

export const dynamic = 'force-dynamic';

/** Published versions, newest first (?limit=, default 100). */
export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const limit = new URL(req.url).searchParams.get('limit') ?? undefined;
  return Response.json(await listRoutingVersions(ctx, { limit }));
});
