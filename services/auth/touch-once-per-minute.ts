import 'server-only';
/**
 * `last_used_at` of keys and tokens is for people: minute precision is enough, and it spares a write per
 * request on the ingestion hot path. Per process; returns whether the caller should write now.
 */
const lastTouched = new Map<string, number>();
const TOUCH_INTERVAL_MS = 60_000;

export function touchOncePerMinute(id: string, now: Date): boolean {
  if (now.getTime() - (lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return false;
  lastTouched.set(id, now.getTime());
  return true;
}
