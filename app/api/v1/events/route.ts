import { assertWithinRateLimit } from '@/lib/ingest/settings';
import { isNdjson, parseEventsBody, readBodyText } from '@/lib/ingest/parse-body';
import { route } from '@/server/http/route';
import { ingestLive } from '@/services/ingest/ingest-live';

export const dynamic = 'force-dynamic';

/**
 * Batch ingestion (docs/api.md). The project comes from the key. Answers only after the statement
 * commits; a database failure answers 503 with nothing stored, so the client may resend the batch.
 */
export const POST = route({ apiKey: 'ingest' }, async (req, ctx) => {
  if (ctx.actor?.kind === 'api_key') assertWithinRateLimit(ctx.actor);
  const items = parseEventsBody(await readBodyText(req), isNdjson(req.headers.get('content-type')));
  return Response.json(await ingestLive(ctx, { items }));
});
