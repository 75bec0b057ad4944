/** Ingestion limits from the environment (README "Configuration"). */
import type { DatabaseHandle } from '@/db/client';
import { applyRetention } from '@/db/ingest/retention';
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

const RETENTION_EVERY_MS = 60 * 60_000;
const retentionState = globalThis as unknown as { __switchyardRetentionAt?: number };

/**
 * With SWITCHYARD_RETENTION_MONTHS set, drops expired raw-event months at most once an hour per
 * process, in the background of an ingestion request.
 */
export function maybeApplyRetention(handle: DatabaseHandle, now = Date.now()): void {
  const months = getEnv().SWITCHYARD_RETENTION_MONTHS;
  if (!months || now - (retentionState.__switchyardRetentionAt ?? 0) < RETENTION_EVERY_MS) return;
  retentionState.__switchyardRetentionAt = now;
  void applyRetention(handle, { months }).catch((err) => console.error('[switchyard] retention failed', err));
}
