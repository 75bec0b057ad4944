/**
 * Checks one received event: shape (zod), then the rules zod cannot say alone: token partitions and
 * the time window. Pure; `now` and the window are passed in.
 */
import { EVENT_REJECTIONS, type EventRejectionCode } from '@/lib/errors';
import { usageEventSchema, type UsageEventInput } from './event-schema';

export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface ValidationWindow {
  now: Date;
  /** Events older than this many days are refused; null accepts any age (backfill imports). */
  lateArrivalDays: number | null;
}

export type Checked = { ok: true; event: UsageEventInput; occurredAt: Date } | { ok: false; code: EventRejectionCode; message: string };

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

export function checkEvent(raw: unknown, window: ValidationWindow): Checked {
  const parsed = usageEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'event';
    // A number in a token field that is negative, fractional or absurd; a string there is a type error.
    const tokenValue = issue.path[0] === 'usage' && typeof valueAt(raw, issue.path) === 'number';
    if (tokenValue) return { ok: false, code: 'tokens_out_of_range', message: `${field}: ${EVENT_REJECTIONS.tokens_out_of_range}` };
    return { ok: false, code: 'invalid_event', message: `${field}: ${issue.message}` };
  }
  const e = parsed.data;
  const u = e.usage;
  if (u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens > u.input_tokens) {
    return { ok: false, code: 'cache_exceeds_input', message: EVENT_REJECTIONS.cache_exceeds_input };
  }
  if (u.reasoning_tokens > u.output_tokens)
    return { ok: false, code: 'reasoning_exceeds_output', message: EVENT_REJECTIONS.reasoning_exceeds_output };
  const occurredAt = new Date(e.timestamp);
  if (occurredAt.getTime() > window.now.getTime() + FUTURE_TOLERANCE_MS) {
    return { ok: false, code: 'timestamp_in_future', message: EVENT_REJECTIONS.timestamp_in_future };
  }
  if (window.lateArrivalDays !== null && occurredAt.getTime() < window.now.getTime() - window.lateArrivalDays * 86_400_000) {
    return {
      ok: false,
      code: 'timestamp_too_old',
      message: `${EVENT_REJECTIONS.timestamp_too_old} (window: ${window.lateArrivalDays} days)`,
    };
  }
  return { ok: true, event: e, occurredAt };
}
