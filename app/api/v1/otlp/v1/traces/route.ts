import { getDatabaseHandle } from '@/db/client';
import { apiKeyRoute } from '@/lib/api/api-key-route';
import { AppError } from '@/lib/errors';
import { ingestItems } from '@/lib/ingest/ingest-batch';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '@/lib/ingest/parse-body';
import { ingestRateLimiter, lateArrivalDays } from '@/lib/ingest/settings';
import { decodeTraces, encodeResponse, encodingOf, maybeGunzip } from '@/lib/otlp/decode';
import { spansToEvents } from '@/lib/otlp/map-spans';

export const dynamic = 'force-dynamic';

/**
 * OTLP/HTTP traces (JSON or protobuf, optionally gzip): point OTEL_EXPORTER_OTLP_TRACES_ENDPOINT here and
 * put the API key in OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer sy_…". GenAI spans become usage
 * events through the same path as POST /api/v1/events.
 */
export const POST = apiKeyRoute('ingest', async (req, { actor }) => {
  const limit = ingestRateLimiter().take(actor.keyId);
  if (!limit.allowed) throw new AppError('rate_limited:api', 'Too many requests for this API key.', { retryAfterSeconds: limit.retryAfterSeconds });
  const encoding = encodingOf(req.headers.get('content-type'));
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw new AppError('payload_too_large:api', 'The body is larger than 10 MB.');
  const raw = Buffer.from(await req.arrayBuffer());
  if (raw.byteLength > MAX_BODY_BYTES) throw new AppError('payload_too_large:api', 'The body is larger than 10 MB.');
  const spans = await decodeTraces(maybeGunzip(raw, req.headers.get('content-encoding'), MAX_BODY_BYTES), encoding);
  const { events, unusable } = spansToEvents(spans);
  if (events.length > MAX_EVENTS_PER_BATCH) throw new AppError('payload_too_large:api', `At most ${MAX_EVENTS_PER_BATCH} GenAI spans per request.`);
  try {
    const result = await ingestItems(await getDatabaseHandle(), {
      projectId: actor.projectId,
      items: events.map((value) => ({ ok: true as const, value })),
      window: { now: new Date(), lateArrivalDays: lateArrivalDays() },
    });
    const rejected = result.rejected.length + unusable;
    const reasons = [...new Set(result.rejected.map((r) => r.code))].join(', ') || 'spans without a model or provider';
    const response = await encodeResponse(encoding, rejected, rejected ? `${rejected} GenAI spans were not recorded (${reasons}).` : '');
    return new Response(response.body as BodyInit, { status: 200, headers: { 'content-type': response.contentType } });
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error('[switchyard] OTLP ingestion failed; nothing was stored', err);
    throw new AppError('unavailable:database', 'The spans could not be stored; nothing from this request was kept. Retry.');
  }
});
