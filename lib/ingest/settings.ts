/** Ingestion limits from the environment (README "Configuration"), and the per-key rate limit they set. */
import type { ApiKeyActor } from '@/lib/auth/actor';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { RateLimiter } from './rate-limit';

export const DEFAULT_LATE_ARRIVAL_DAYS = 35;

export function lateArrivalDays(): number {
  return getEnv().SWITCHYARD_LATE_ARRIVAL_DAYS ?? DEFAULT_LATE_ARRIVAL_DAYS;
}

const globalCache = globalThis as unknown as { __switchyardIngestLimiter?: RateLimiter };

/** One limiter per process, keyed by API key id. */
export function ingestRateLimiter(): RateLimiter {
  const perSecond = getEnv().SWITCHYARD_INGEST_RATE_PER_KEY ?? 200;
  globalCache.__switchyardIngestLimiter ??= new RateLimiter({ perSecond, burst: perSecond * 2 });
  return globalCache.__switchyardIngestLimiter;
}

/** Before anything of the request is read: a runaway client costs one map look-up. */
export function assertWithinRateLimit(actor: ApiKeyActor): void {
  const limit = ingestRateLimiter().take(actor.keyId);
  if (!limit.allowed) {
    throw new AppError('rate_limited:api', 'Too many requests for this API key. Retry after the delay given in Retry-After.', {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
}

/** Retention (SWITCHYARD_RETENTION_MONTHS) runs at most this often per process, behind ingestion. */
export const RETENTION_EVERY_MS = 60 * 60_000;

export function retentionMonths(): number | undefined {
  return getEnv().SWITCHYARD_RETENTION_MONTHS;
}
