import { MAX_ROUTING_BODY_BYTES, readJsonBody } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { rollbackRoutingVersion } from '@/services/routing/rollback-routing-version';

export const dynamic = 'force-dynamic';

/** Republishes this version as a new one; body `{ "note": "…" }` (required). Admins. */
export const POST = route<{ version: string }>({ person: 'routing:publish' }, async (req, ctx, next) => {
  const { version } = await next.params;
  const body = (await readJsonBody(req, MAX_ROUTING_BODY_BYTES, 'routing')) as Record<string, unknown>;
  return Response.json({ version: await rollbackRoutingVersion(ctx, { ...body, version }) }, { status: 201 });
});
