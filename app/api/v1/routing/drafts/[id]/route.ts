import { MAX_ROUTING_BODY_BYTES, readJsonBody } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { deleteRoutingDraft } from '@/services/routing/delete-routing-draft';
import { getRoutingDraft } from '@/services/routing/get-routing-draft';
import { saveRoutingDraft } from '@/services/routing/save-routing-draft';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>({ person: 'dashboards:read' }, async (_req, ctx, next) => {
  const { id } = await next.params;
  return Response.json({ draft: await getRoutingDraft(ctx, { id }) });
});

/** Body `{ "revision": <the one you loaded>, "document": {…}, "name"? }`; a stale revision → 409 conflict:routing_draft. */
export const PUT = route<{ id: string }>({ person: 'routing:edit' }, async (req, ctx, next) => {
  const { id } = await next.params;
  const body = (await readJsonBody(req, MAX_ROUTING_BODY_BYTES, 'routing')) as Record<string, unknown>;
  return Response.json({ draft: await saveRoutingDraft(ctx, { ...body, id }) });
});

export const DELETE = route<{ id: string }>({ person: 'routing:edit' }, async (_req, ctx, next) => {
  const { id } = await next.params;
  return Response.json(await deleteRoutingDraft(ctx, { id }));
});
