import { apiKeyRoute } from '@/lib/api/api-key-route';
import { assertWithinRateLimit, ingestLive } from '@/lib/ingest/live';
import { isNdjson, parseEventsBody, readBodyText } from '@/lib/ingest/parse-body';

export const dynamic = 'force-dynamic';

/**
 * Batch ingestion (docs/api.md). The project comes from the key. Answers only after the statement
 * commits; a database failure answers 503 with nothing stored, so the client may resend the batch.
 */
export const POST = apiKeyRoute('ingest', async (req, { actor }) => {
  assertWithinRateLimit(actor);
  const items = parseEventsBody(await readBodyText(req), isNdjson(req.headers.get('content-type')));
  return Response.json(await ingestLive(actor, items));
});
