/**
 * Per-key token bucket: `burst` requests at once, refilled at `perSecond`. In-process: each instance
 * limits on its own (documented), which bounds a runaway client without a shared store.
 */
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export function take(
  bucket: Bucket | undefined,
  limit: RateLimit,
  nowMs: number,
): { allowed: boolean; bucket: Bucket; retryAfterSeconds: number } {
  const current = bucket ?? { tokens: limit.burst, updatedAt: nowMs };
  const refilled = Math.min(limit.burst, current.tokens + ((nowMs - current.updatedAt) / 1000) * limit.perSecond);
  if (refilled >= 1) return { allowed: true, bucket: { tokens: refilled - 1, updatedAt: nowMs }, retryAfterSeconds: 0 };
  return {
    allowed: false,
    bucket: { tokens: refilled, updatedAt: nowMs },
    retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / limit.perSecond)),
  };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  take(key: string, nowMs = Date.now()) {
    const result = take(this.buckets.get(key), this.limit, nowMs);
    this.buckets.set(key, result.bucket);
    return result;
  }
}
