import { route } from '@/server/http/route';
import { diffRoutingVersions } from '@/services/routing/diff-routing-versions';

export const dynamic = 'force-dynamic';

/** ?from=&to= — each a version number, `published` or `draft:<id>`: rule by rule, field by field. */
export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  return Response.json(await diffRoutingVersions(ctx, { from: q.get('from') ?? '', to: q.get('to') ?? '' }));
});
