import { getDatabaseHandle } from '@/db/client';
import { apiKeyRoute } from '@/lib/api/api-key-route';
import { AppError } from '@/lib/errors';
import { ingestItems } from '@/lib/ingest/ingest-batch';
import { isNdjson, parseEventsBody, readBodyText } from '@/lib/ingest/parse-body';
import { ingestRateLimiter, lateArrivalDays, maybeApplyRetention } from '@/lib/ingest/settings';

export const dynamic = 'force-dynamic';

/**
 * Batch ingestion (docs/api.md). The project comes from the key. Answers only after the transaction
 * commits; a database failure answers 503 with nothing stored, so the client may resend the batch.
 */
export const POST = apiKeyRoute('ingest', async (req, { actor }) => {
  const limit = ingestRateLimiter().take(actor.keyId);
  if (!limit.allowed) {
    throw new AppError('rate_limited:api', 'Too many requests for this API key. Retry after the delay given in Retry-After.', { retryAfterSeconds: limit.retryAfterSeconds });
  }
  const items = parseEventsBody(await readBodyText(req), isNdjson(req.headers.get('content-type')));
  const handle = await getDatabaseHandle();
  try {
    const result = await ingestItems(handle, { projectId: actor.projectId, items, window: { now: new Date(), lateArrivalDays: lateArrivalDays() } });
    maybeApplyRetention(handle);
    return Response.json(result);
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error('[switchyard] ingestion failed; nothing was stored', err);
    throw new AppError('unavailable:database', 'The events could not be stored; nothing from this batch was kept. Retry the whole batch.');
  }
});
