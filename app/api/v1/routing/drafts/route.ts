import { MAX_ROUTING_BODY_BYTES, readJsonBody } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { createRoutingDraft } from '@/services/routing/create-routing-draft';
import { listRoutingDrafts } from '@/services/routing/list-routing-drafts';

export const dynamic = 'force-dynamic';

export const GET = route({ person: 'dashboards:read' }, async (_req, ctx) => Response.json({ drafts: await listRoutingDrafts(ctx) }));

/** Body `{ "name"?, "basedOnVersion"?, "document"? }`: a copy of a version (the published one by default) or a document. */
export const POST = route({ person: 'routing:edit' }, async (req, ctx) => {
  const body = await readJsonBody(req, MAX_ROUTING_BODY_BYTES, 'routing');
  return Response.json({ draft: await createRoutingDraft(ctx, body) }, { status: 201 });
});
