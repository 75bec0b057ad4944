/**
 * Delivery retries: when the next attempt is due and what an attempt's outcome means. Every attempt is logged by
 * the caller; a delivery runs off the ingestion path (a job), so a failing channel never slows ingestion.
 *
 * Schedule: ten attempts at 0, +1 min, +5, +15 min, +1 h, +2 h, +4 h, then every 8 h — nominally 0, 1 min, 6 min,
 * 21 min, 1 h 21, 3 h 21, 7 h 21, 15 h 21, 23 h 21 and 31 h 21 after the first, so attempts span more than 24 hours
 * (DESIGN "Alerts and deliveries") and a receiver down for a night still gets the alert. Times count from the
 * first attempt, not from the previous one, so slow attempts never drift the schedule. Jitter moves each attempt
 * by up to ±10 % of its own delay (a fleet of deliveries to one receiver after an outage does not arrive at once)
 * and never reorders attempts nor pulls the last below 24 hours. It is a pure function of a fraction the caller
 * passes — `jitterFor(deliveryId, attempt)` derives it from the ids, so a recomputed schedule is the same.
 *
 * Outcomes:
 * - 2xx: delivered.
 * - 408, 425, 429 and 5xx: retry (429/503 honour Retry-After up to an hour).
 * - 3xx: failed — redirects are not followed (a redirect could lead past the address guard); fix the URL.
 * - other 4xx: failed — the receiver refuses this request itself (404 for a deleted Slack webhook, 410, 401/403 on
 *   a wrong secret), and the same signed bytes will be refused again; the log shows it at once and the delivery can
 *   be re-sent by hand after the receiver is fixed.
 * - network errors and timeouts (refused, reset, DNS failure, TLS): retry. A resolved address the guard refuses:
 *   failed (it will not become public by waiting).
 * - SMTP: 2xx delivered, 4xx (greylisting, mailbox busy) retry, 5xx failed; connection errors retry.
 * Pure.
 */
import type { AddressClass } from '@/lib/net/addresses';

export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 120, 240, 480, 480, 480] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
export const JITTER_SHARE = 0.1;
/** The bound on one attempt (connect, TLS, request and response), so a stuck receiver holds no worker for long. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
export const MAX_RETRY_AFTER_MS = 3_600_000;

const MINUTE = 60_000;
const nominalOffset = (attempt: number) => RETRY_DELAYS_MINUTES.slice(0, attempt - 1).reduce((a, b) => a + b, 0) * MINUTE;

/**
 * When attempt `attempt + 1` is due after attempt `attempt` (1-based) failed, or null when that was the last.
 * `jitter` in [0, 1): 0.5 is the nominal time, 0 and 1 its −10 % and +10 % of the delay.
 */
export function nextAttemptAt(attempt: number, firstAttemptAt: Date, jitter = 0.5): Date | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MINUTES[attempt - 1]! * MINUTE;
  const shift = (Math.min(Math.max(jitter, 0), 1) * 2 - 1) * JITTER_SHARE * delay;
  return new Date(firstAttemptAt.getTime() + nominalOffset(attempt + 1) + Math.round(shift));
}

/** A stable fraction in [0, 1) from a delivery id and attempt number (FNV-1a). */
export function jitterFor(deliveryId: string, attempt: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${deliveryId}:${attempt}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

export type AttemptOutcome =
  | { kind: 'http'; status: number; retryAfter?: string | null }
  | { kind: 'timeout' }
  /** A socket or DNS error: `code` as node reports it (ECONNREFUSED, ECONNRESET, ENOTFOUND, EAI_AGAIN, CERT_HAS_EXPIRED…). */
  | { kind: 'network'; code?: string }
  | { kind: 'address_refused'; addressClass: AddressClass }
  /** nodemailer's error `responseCode` (SMTP reply code) when the server answered, else its `code`. */
  | { kind: 'smtp'; responseCode?: number; code?: string };

export type Verdict =
  | { result: 'delivered' }
  | { result: 'retry'; reason: string; retryAfterMs?: number }
  | { result: 'failed'; reason: string };

export function classifyOutcome(outcome: AttemptOutcome, now: Date = new Date()): Verdict {
  switch (outcome.kind) {
    case 'http': {
      const s = outcome.status;
      if (s >= 200 && s < 300) return { result: 'delivered' };
      if (s >= 300 && s < 400) return { result: 'failed', reason: `HTTP ${s}: redirects are not followed; use the final URL` };
      if (s === 408 || s === 425 || s === 429 || s >= 500) {
        const retryAfterMs = parseRetryAfter(outcome.retryAfter ?? null, now);
        return { result: 'retry', reason: `HTTP ${s}`, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
      }
      return { result: 'failed', reason: `HTTP ${s}: the receiver refused the request` };
    }
    case 'timeout':
      return { result: 'retry', reason: `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` };
    case 'network':
      return { result: 'retry', reason: outcome.code ?? 'network error' };
    case 'address_refused':
      return { result: 'failed', reason: `the host resolves to a refused address (${outcome.addressClass})` };
    case 'smtp': {
      const c = outcome.responseCode;
      if (c === undefined) return { result: 'retry', reason: outcome.code ?? 'SMTP connection error' };
      if (c >= 200 && c < 300) return { result: 'delivered' };
      if (c >= 400 && c < 500) return { result: 'retry', reason: `SMTP ${c}` };
      return { result: 'failed', reason: `SMTP ${c}: the mail server refused the message` };
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now, capped at an hour; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

export type DeliveryStep =
  | { status: 'delivered' }
  | { status: 'retrying'; nextAttemptAt: Date; reason: string }
  | { status: 'failed'; reason: string; gaveUp: boolean };

/** What to record after attempt `attempt` ended with `outcome`: delivered, the next attempt's time, or failed. */
export function afterAttempt(input: {
  attempt: number;
  firstAttemptAt: Date;
  now: Date;
  outcome: AttemptOutcome;
  jitter?: number;
}): DeliveryStep {
  const verdict = classifyOutcome(input.outcome, input.now);
  if (verdict.result === 'delivered') return { status: 'delivered' };
  if (verdict.result === 'failed') return { status: 'failed', reason: verdict.reason, gaveUp: false };
  const scheduled = nextAttemptAt(input.attempt, input.firstAttemptAt, input.jitter);
  if (scheduled === null) return { status: 'failed', reason: `${verdict.reason}; gave up after ${MAX_ATTEMPTS} attempts`, gaveUp: true };
  // A worker that was down makes past times due now; a receiver's Retry-After may push the attempt later.
  const earliest = input.now.getTime() + (verdict.retryAfterMs ?? 0);
  return { status: 'retrying', nextAttemptAt: new Date(Math.max(scheduled.getTime(), earliest)), reason: verdict.reason };
}
