import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  afterAttempt,
  classifyOutcome,
  jitterFor,
  MAX_ATTEMPTS,
  nextAttemptAt,
  parseRetryAfter,
  RETRY_DELAYS_MINUTES,
} from '@/lib/alerts/retry';
import { generateWebhookSecret, isWebhookSecret, signWebhook, webhookMessageId } from '@/lib/alerts/signing';

const first = new Date('2026-12-01T00:00:00Z');
const MIN = 60_000;
const offsetMin = (d: Date | null) => (d === null ? null : (d.getTime() - first.getTime()) / MIN);

describe('retry schedule', () => {
  it('retries at 1, 5, 15 min, 1, 2, 4 h, then every 8 h, counted from the first attempt', () => {
    const offsets = Array.from({ length: MAX_ATTEMPTS }, (_, i) => offsetMin(nextAttemptAt(i + 1, first)));
    expect(offsets).toEqual([1, 6, 21, 81, 201, 441, 921, 1401, 1881, null]);
    expect(MAX_ATTEMPTS).toBe(10);
    expect(RETRY_DELAYS_MINUTES.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 60);
  });

  it('keeps attempts in order and spanning at least 24 hours for any jitter (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: MAX_ATTEMPTS, maxLength: MAX_ATTEMPTS }),
        (jitters) => {
          let previous = first.getTime();
          let last = previous;
          for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
            const next = nextAttemptAt(attempt, first, jitters[attempt]!)!.getTime();
            const delay = RETRY_DELAYS_MINUTES[attempt - 1]! * MIN;
            const nominal = first.getTime() + RETRY_DELAYS_MINUTES.slice(0, attempt).reduce((a, b) => a + b, 0) * MIN;
            expect(Math.abs(next - nominal)).toBeLessThanOrEqual(0.1 * delay + 1);
            expect(next).toBeGreaterThan(previous);
            previous = last = next;
          }
          expect(last - first.getTime()).toBeGreaterThanOrEqual(24 * 60 * MIN);
        },
      ),
    );
  });

  it('derives a stable jitter from the delivery id and gives up after the last attempt', () => {
    expect(jitterFor('d-1', 3)).toBe(jitterFor('d-1', 3));
    expect(jitterFor('d-1', 3)).not.toBe(jitterFor('d-2', 3));
    const j = jitterFor('d-1', 3);
    expect(j).toBeGreaterThanOrEqual(0);
    expect(j).toBeLessThan(1);
    expect(nextAttemptAt(MAX_ATTEMPTS, first)).toBeNull();
    expect(nextAttemptAt(0, first)).toBeNull();
  });
});

describe('attempt outcomes', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it('2xx delivered; 408, 425, 429 and 5xx retried; 3xx and other 4xx failed for good', () => {
    expect(classifyOutcome({ kind: 'http', status: 204 }).result).toBe('delivered');
    for (const s of [408, 425, 429, 500, 502, 503, 504])
      expect(classifyOutcome({ kind: 'http', status: s }).result, String(s)).toBe('retry');
    for (const s of [301, 302, 307, 400, 401, 403, 404, 410, 413, 422])
      expect(classifyOutcome({ kind: 'http', status: s }).result, String(s)).toBe('failed');
  });

  it('retries timeouts and network errors, not a resolved address the guard refuses', () => {
    expect(classifyOutcome({ kind: 'timeout' }).result).toBe('retry');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'CERT_HAS_EXPIRED'])
      expect(classifyOutcome({ kind: 'network', code }).result).toBe('retry');
    expect(classifyOutcome({ kind: 'address_refused', addressClass: 'private' })).toMatchObject({ result: 'failed' });
  });

  it('SMTP: 2xx delivered, 4xx retried, 5xx failed, connection errors retried', () => {
    expect(classifyOutcome({ kind: 'smtp', responseCode: 250 }).result).toBe('delivered');
    expect(classifyOutcome({ kind: 'smtp', responseCode: 451 }).result).toBe('retry');
    expect(classifyOutcome({ kind: 'smtp', responseCode: 550 }).result).toBe('failed');
    expect(classifyOutcome({ kind: 'smtp', code: 'ESOCKET' }).result).toBe('retry');
  });

  it('reads Retry-After as seconds or a date, capped at an hour', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('86400', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('records what comes next after an attempt', () => {
    expect(afterAttempt({ attempt: 1, firstAttemptAt: first, now: first, outcome: { kind: 'http', status: 200 } })).toEqual({
      status: 'delivered',
    });
    expect(afterAttempt({ attempt: 2, firstAttemptAt: first, now: first, outcome: { kind: 'http', status: 503 } })).toEqual({
      status: 'retrying',
      nextAttemptAt: new Date(first.getTime() + 6 * MIN), // attempt 3 is due 6 min after the first
      reason: 'HTTP 503',
    });
    // A Retry-After beyond the schedule pushes the attempt later; a worker that was down attempts at once.
    const pushed = afterAttempt({
      attempt: 1,
      firstAttemptAt: first,
      now: first,
      outcome: { kind: 'http', status: 429, retryAfter: '600' },
    });
    expect(pushed).toMatchObject({ status: 'retrying', nextAttemptAt: new Date(first.getTime() + 10 * MIN) });
    const late = new Date(first.getTime() + 5 * 60 * MIN);
    expect(afterAttempt({ attempt: 1, firstAttemptAt: first, now: late, outcome: { kind: 'timeout' } })).toMatchObject({
      nextAttemptAt: late,
    });
    expect(afterAttempt({ attempt: 1, firstAttemptAt: first, now: first, outcome: { kind: 'http', status: 404 } })).toMatchObject({
      status: 'failed',
      gaveUp: false,
    });
    expect(afterAttempt({ attempt: MAX_ATTEMPTS, firstAttemptAt: first, now: first, outcome: { kind: 'timeout' } })).toMatchObject({
      status: 'failed',
      gaveUp: true,
    });
  });
});

describe('webhook signing', () => {
  afterEach(() => vi.useRealTimers());

  it('generates whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(isWebhookSecret(a)).toBe(true);
    expect(generateWebhookSecret()).not.toBe(a);
    expect(isWebhookSecret('whsec_short')).toBe(false);
    expect(isWebhookSecret('password123')).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(65).toString('base64')}`)).toBe(false);
  });

  it('signs id.timestamp.body with HMAC-SHA256 as the Standard Webhooks spec says', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const ts = new Date('2026-12-01T10:00:00.750Z');
    const body = '{"type":"budget.threshold_reached"}';
    const h = signWebhook(secret, webhookMessageId('a1'), ts, body);
    const expected = createHmac('sha256', Buffer.from('0123456789abcdef0123456789abcdef'))
      .update(`msg_a1.1796119200.${body}`)
      .digest('base64');
    expect(h).toEqual({ 'webhook-id': 'msg_a1', 'webhook-timestamp': '1796119200', 'webhook-signature': `v1,${expected}` });
  });

  it('verifies with the reference receiver, fails on a changed body, and signs with every secret during a rotation', () => {
    vi.useFakeTimers();
    const ts = new Date('2026-12-01T10:00:00Z');
    vi.setSystemTime(ts);
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = JSON.stringify({ type: 'budget.forecast_exceeds', data: { n: 1 } });
    const headers = signWebhook([oldSecret, newSecret], 'msg_x', ts, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => signWebhook([], 'msg_x', ts, body)).toThrow();
  });
});
