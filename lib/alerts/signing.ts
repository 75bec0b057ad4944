/**
 * Webhook signing per the Standard Webhooks spec, with its authors' `standardwebhooks` package (pure JS): headers
 * `webhook-id` (the alert's stable id — the same on every retry, receivers deduplicate on it), `webhook-timestamp`
 * (unix seconds of this attempt: each retry is signed afresh, so receivers' 5-minute tolerance holds) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; several during a secret rotation,
 * space-separated). Sign the exact bytes sent. Secrets are `whsec_` + base64 of 32 random bytes, one per channel.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** `whsec_` + canonical base64 of 24–64 bytes (the spec's range): what a channel's secret must look like. */
export function isWebhookSecret(text: string): boolean {
  if (!text.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const b64 = text.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length >= 24 && bytes.length <= 64 && bytes.toString('base64') === b64;
}

export const webhookMessageId = (alertId: string) => `msg_${alertId}`;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three signature headers for a body; pass several secrets while rotating (receivers accept any match). */
export function signWebhook(secrets: string | readonly string[], msgId: string, timestamp: Date, body: string): WebhookHeaders {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new Error('signWebhook needs a secret');
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': list.map((s) => new Webhook(s).sign(msgId, timestamp, body)).join(' '),
  };
}
