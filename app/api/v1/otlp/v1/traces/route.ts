import { AppError } from '@/lib/errors';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, readBody } from '@/lib/ingest/parse-body';
import { assertWithinRateLimit } from '@/lib/ingest/settings';
import { decodeTraces, encodeResponse, encodingOf, maybeGunzip } from '@/lib/otlp/decode';
import { spansToEvents } from '@/lib/otlp/map-spans';
import { route } from '@/server/http/route';
import { ingestLive } from '@/services/ingest/ingest-live';

export const dynamic = 'force-dynamic';

/**
 * OTLP/HTTP traces (JSON or protobuf, optionally gzip): point OTEL_EXPORTER_OTLP_TRACES_ENDPOINT here and
 * put the API key in OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer sy_…". GenAI spans become usage
 * events through the same path as POST /api/v1/events.
 */
export const POST = route({ apiKey: 'ingest' }, async (req, ctx) => {
  if (ctx.actor?.kind === 'api_key') assertWithinRateLimit(ctx.actor);
  const encoding = encodingOf(req.headers.get('content-type'));
  const spans = await decodeTraces(maybeGunzip(await readBody(req), req.headers.get('content-encoding'), MAX_BODY_BYTES), encoding);
  const { events, unusable } = spansToEvents(spans);
  if (events.length > MAX_EVENTS_PER_BATCH)
    throw new AppError('payload_too_large:api', `At most ${MAX_EVENTS_PER_BATCH} GenAI spans per request.`);
  const result = await ingestLive(ctx, { items: events.map((value) => ({ ok: true as const, value })) });
  const rejected = result.rejected.length + unusable;
  const reasons = [...new Set(result.rejected.map((r) => r.code))].join(', ') || 'spans without a model or provider';
  const response = await encodeResponse(encoding, rejected, rejected ? `${rejected} GenAI spans were not recorded (${reasons}).` : '');
  return new Response(response.body as BodyInit, { status: 200, headers: { 'content-type': response.contentType } });
});
