/**
 * What every live ingestion endpoint (batch API, OpenTelemetry) does around the shared insertion path:
 * the per-key rate limit before anything is read, the late-arrival window, retention in the background,
 * and a database failure answered as 503 with nothing stored.
 */
import { getDatabaseHandle } from '@/db/client';
import type { ApiKeyActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { ingestItems, type IngestResult } from './ingest-batch';
import type { BodyItem } from './parse-body';
import { ingestRateLimiter, lateArrivalDays, maybeApplyRetention } from './settings';

export function assertWithinRateLimit(actor: ApiKeyActor): void {
  const limit = ingestRateLimiter().take(actor.keyId);
  if (!limit.allowed) {
    throw new AppError('rate_limited:api', 'Too many requests for this API key. Retry after the delay given in Retry-After.', {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
}

export async function ingestLive(actor: ApiKeyActor, items: readonly BodyItem[]): Promise<IngestResult> {
  const handle = await getDatabaseHandle();
  try {
    const result = await ingestItems(handle, {
      projectId: actor.projectId,
      items,
      window: { now: new Date(), lateArrivalDays: lateArrivalDays() },
    });
    maybeApplyRetention(handle);
    return result;
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error('[switchyard] ingestion failed; nothing was stored', err);
    throw new AppError(
      'unavailable:database',
      'The events could not be stored; nothing from this request was kept. Retry the whole request.',
    );
  }
}
