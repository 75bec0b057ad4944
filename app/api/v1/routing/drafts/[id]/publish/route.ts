import { MAX_ROUTING_BODY_BYTES, readJsonBody } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { publishRoutingDraft } from '@/services/routing/publish-routing-draft';

export const dynamic = 'force-dynamic';

/** Publishes the draft as the next version; body `{ "note": "…", "revision"? }`. Admins. */
export const POST = route<{ id: string }>({ person: 'routing:publish' }, async (req, ctx, next) => {
  const { id } = await next.params;
  const body = (await readJsonBody(req, MAX_ROUTING_BODY_BYTES, 'routing')) as Record<string, unknown>;
  return Response.json({ version: await publishRoutingDraft(ctx, { ...body, id }) }, { status: 201 });
});
