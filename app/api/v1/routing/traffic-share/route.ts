import { MAX_ROUTING_BODY_BYTES, readJsonBody } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { getTrafficShare } from '@/services/routing/get-traffic-share';

export const dynamic = 'force-dynamic';

/** ?draftId= or ?version= (or neither: the published one only): requests and spend per rule, last 7 days. */
export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  return Response.json(await getTrafficShare(ctx, { draftId: q.get('draftId') ?? undefined, version: q.get('version') ?? undefined }));
});

/** Body `{ "document": {…} }`: the same for a document not saved anywhere. */
export const POST = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const body = (await readJsonBody(req, MAX_ROUTING_BODY_BYTES, 'routing')) as Record<string, unknown>;
  return Response.json(await getTrafficShare(ctx, { document: body.document }));
});
