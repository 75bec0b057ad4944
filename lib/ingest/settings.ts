/** Ingestion limits from the environment (README "Configuration"). */
import { getEnv } from '@/lib/env';
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
