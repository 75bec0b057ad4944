import 'server-only';
/**
 * One attempt to send a payload to one channel, bounded in time, never throwing: the outcome in the terms of
 * lib/alerts/retry.ts (which decides delivered / retry / failed), the status code when something answered, and
 * a short detail for the attempt log.
 * - webhook: POST of the payload as JSON, signed per Standard Webhooks (lib/alerts/signing.ts) afresh each attempt
 *   with the same `webhook-id`.
 * - slack: POST of the Block Kit message (lib/alerts/slack.ts).
 * - email: nodemailer over SWITCHYARD_SMTP_URL; unset → `unavailable:smtp` on every attempt (retried: mail may be
 *   configured before the schedule ends).
 * Outbound HTTP: the URL is checked again (lib/net/outbound-url.ts), every address the host resolves to must be
 * allowed, the request connects to a checked address (no second resolution), no redirects are followed, and
 * the whole attempt (lookup, connect, TLS, request, response) is bounded by `timeoutMs`.
 */
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import nodemailer from 'nodemailer';
import type { AlertChannel } from '@/db/schema';
import { emailMessage } from '@/lib/alerts/email';
import type { AlertPayload } from '@/lib/alerts/payload';
import { type AttemptOutcome, ATTEMPT_TIMEOUT_MS } from '@/lib/alerts/retry';
import { signWebhook } from '@/lib/alerts/signing';
import { slackMessage } from '@/lib/alerts/slack';
import { type AddressClass, classifyAddress, isAllowedAddress } from '@/lib/net/addresses';
import { checkOutboundUrl } from '@/lib/net/outbound-url';

export interface SendOptions {
  /** `msg_<alert id>` for alerts: the same on every retry. */
  msgId: string;
  allowPrivate: boolean;
  smtp: { url: string; from: string } | null;
  timeoutMs?: number;
}

export interface SendResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  /** What the log shows besides the verdict (the receiver's answer, the socket error). */
  detail: string | null;
}

const USER_AGENT = 'Switchyard-Webhooks/1';
const MAX_ANSWER_BYTES = 2048;

export async function sendToChannel(channel: AlertChannel, payload: AlertPayload, options: SendOptions): Promise<SendResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  let result: Omit<SendResult, 'durationMs'>;
  try {
    if (channel.kind === 'email') {
      result = await sendEmail(channel, payload, options.smtp, timeoutMs);
    } else {
      const url = 'url' in channel.config ? channel.config.url : '';
      const body = JSON.stringify(channel.kind === 'slack' ? slackMessage(payload) : payload);
      const headers: Record<string, string> = {};
      if (channel.kind === 'webhook') {
        if (!channel.secret) throw new Error('the webhook channel has no signing secret');
        Object.assign(headers, signWebhook(channel.secret, options.msgId, new Date(), body));
      }
      result = await postJson(url, body, headers, { allowPrivate: options.allowPrivate, timeoutMs });
    }
  } catch (err) {
    // A bug or a broken row must not stop the worker: the attempt is logged as a network-level failure.
    result = { outcome: { kind: 'network', code: 'internal' }, statusCode: null, detail: err instanceof Error ? err.message : String(err) };
  }
  return { ...result, durationMs: Date.now() - started };
}

type Attempt = Omit<SendResult, 'durationMs'>;

function refusedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    opts: dns.LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dns.lookup(hostname, { all: true, family: opts.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => !isAllowedAddress(a.address, { allowPrivate }));
      if (refused || addresses.length === 0) {
        const e = Object.assign(new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}`), {
          code: 'SY_ADDRESS_REFUSED',
          addressClass: refused ? classifyAddress(refused.address) : 'invalid',
        });
        return callback(e, '', 0);
      }
      if (opts.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function postJson(
  text: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<Attempt> {
  const check = checkOutboundUrl(text, { allowPrivate: options.allowPrivate });
  if (!check.ok) {
    const addressClass: AddressClass = check.addressClass ?? 'invalid';
    return Promise.resolve({ outcome: { kind: 'address_refused', addressClass }, statusCode: null, detail: check.message });
  }
  const client = check.url.protocol === 'https:' ? https : http;
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    const finish = (attempt: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(attempt);
    };
    const req = client.request(check.url, {
      method: 'POST',
      agent: false,
      lookup: refusedLookup(options.allowPrivate),
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': USER_AGENT,
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      finish({ outcome: { kind: 'timeout' }, statusCode: null, detail: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const answer = Buffer.concat(chunks).toString('utf8').slice(0, 300).trim();
        const retryAfter = res.headers['retry-after'];
        finish({
          outcome: { kind: 'http', status, retryAfter: typeof retryAfter === 'string' ? retryAfter : null },
          statusCode: status,
          detail: answer === '' ? null : answer,
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_ANSWER_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', (err: NodeJS.ErrnoException & { addressClass?: AddressClass }) => {
      if (err.code === 'SY_ADDRESS_REFUSED') {
        finish({
          outcome: { kind: 'address_refused', addressClass: err.addressClass ?? 'invalid' },
          statusCode: null,
          detail: err.message,
        });
      } else {
        finish({ outcome: { kind: 'network', code: err.code ?? 'network error' }, statusCode: null, detail: err.message });
      }
    });
    req.end(body);
  });
}

async function sendEmail(channel: AlertChannel, payload: AlertPayload, smtp: SendOptions['smtp'], timeoutMs: number): Promise<Attempt> {
  if (!smtp) {
    const detail = 'unavailable:smtp — email is not configured (set SWITCHYARD_SMTP_URL and SWITCHYARD_SMTP_FROM)';
    return { outcome: { kind: 'smtp', code: 'unavailable:smtp' }, statusCode: null, detail };
  }
  const to = 'to' in channel.config ? channel.config.to : [];
  const message = emailMessage(payload);
  const transport = nodemailer.createTransport({
    url: smtp.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  let timer: NodeJS.Timeout | undefined;
  try {
    const sent = transport.sendMail({ from: smtp.from, to, subject: message.subject, text: message.text, html: message.html });
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const info = await Promise.race([sent, timeout]);
    if (info === 'timeout') return { outcome: { kind: 'timeout' }, statusCode: null, detail: `no answer within ${timeoutMs} ms` };
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1] ?? 250);
    return { outcome: { kind: 'smtp', responseCode: code }, statusCode: code, detail: String(info.response ?? '') || null };
  } catch (err) {
    const e = err as { responseCode?: number; code?: string; message?: string };
    return {
      outcome: { kind: 'smtp', ...(e.responseCode ? { responseCode: e.responseCode } : {}), ...(e.code ? { code: e.code } : {}) },
      statusCode: e.responseCode ?? null,
      detail: e.message ?? String(err),
    };
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
