import { MAX_ROUTING_BODY_BYTES, readJsonBody } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { checkRoutingDocument } from '@/services/routing/check-routing-document';

export const dynamic = 'force-dynamic';

/** Body `{ "document": {…} }`: every issue (errors and warnings), nothing stored. */
export const POST = route({ person: 'routing:edit' }, async (req, ctx) => {
  const body = (await readJsonBody(req, MAX_ROUTING_BODY_BYTES, 'routing')) as Record<string, unknown>;
  return Response.json(await checkRoutingDocument(ctx, { document: body.document }));
});
