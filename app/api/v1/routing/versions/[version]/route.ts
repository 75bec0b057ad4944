import { route } from '@/server/http/route';
import { getRoutingVersion } from '@/services/routing/get-routing-version';

export const dynamic = 'force-dynamic';

/** One version with its document. */
export const GET = route<{ version: string }>({ person: 'dashboards:read' }, async (_req, ctx, next) => {
  const { version } = await next.params;
  return Response.json({ version: await getRoutingVersion(ctx, { version }) });
});
