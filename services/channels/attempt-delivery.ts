import 'server-only';
/**
 * One claimed attempt of one delivery: send (bounded, never throwing), decide with lib/alerts/retry.ts what it
 * means (delivered, retry at the scheduled time, failed), and log it. Shared by the worker and "Send test".
 * `clock` is the worker's time (the context's `now` advanced by the real time elapsed), so tests can move time.
 */
import { recordAttempt } from '@/db/queries/channels';
import type { AlertChannel, AlertDelivery } from '@/db/schema';
import type { AlertPayload } from '@/lib/alerts/payload';
import { afterAttempt, type DeliveryStep, jitterFor } from '@/lib/alerts/retry';
import { webhookMessageId } from '@/lib/alerts/signing';
import { getEnv } from '@/lib/env';
import type { ServiceContext } from '../context';
import { type SendResult, sendToChannel } from './send-to-channel';

export interface DeliveryEnvironment {
  allowPrivate: boolean;
  smtp: { url: string; from: string } | null;
  baseUrl: string;
}

export function deliveryEnvironment(): DeliveryEnvironment {
  const env = getEnv();
  return {
    allowPrivate: env.SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS,
    smtp: env.SWITCHYARD_SMTP_URL && env.SWITCHYARD_SMTP_FROM ? { url: env.SWITCHYARD_SMTP_URL, from: env.SWITCHYARD_SMTP_FROM } : null,
    baseUrl: env.NEXTAUTH_URL ?? 'http://localhost:3000',
  };
}

export interface AttemptSummary {
  deliveryId: string;
  channelId: string;
  attempt: number;
  step: DeliveryStep;
  send: SendResult;
  /** False when another worker took the delivery over (this attempt's lease ran out): nothing was recorded. */
  recorded: boolean;
}

export async function attemptDelivery(
  ctx: Pick<ServiceContext, 'db'>,
  args: {
    delivery: AlertDelivery;
    channel: AlertChannel;
    payload: AlertPayload;
    env: DeliveryEnvironment;
    clock: () => Date;
    timeoutMs?: number;
    /** Test sends are tried once: a retryable failure is final. */
    once?: boolean;
  },
): Promise<AttemptSummary> {
  const { delivery, channel, payload, env } = args;
  const attempt = delivery.attempts;
  const startedAt = args.clock();
  const msgId = webhookMessageId(delivery.alertId ?? `test_${delivery.id}`);
  const send = await sendToChannel(channel, payload, {
    msgId,
    allowPrivate: env.allowPrivate,
    smtp: env.smtp,
    ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
  });
  const now = args.clock();
  let step = afterAttempt({
    attempt,
    firstAttemptAt: delivery.firstAttemptAt ?? startedAt,
    now,
    outcome: send.outcome,
    jitter: jitterFor(delivery.id, attempt),
  });
  if (args.once && step.status === 'retrying') step = { status: 'failed', reason: step.reason, gaveUp: false };
  const reason = step.status === 'delivered' ? null : step.reason;
  const error =
    reason === null
      ? null
      : [reason, send.detail]
          .filter((s) => s !== null && s !== '')
          .join(': ')
          .slice(0, 1000);
  const recorded = await recordAttempt(ctx.db, {
    deliveryId: delivery.id,
    attempt,
    startedAt,
    durationMs: send.durationMs,
    statusCode: send.statusCode,
    outcome: step.status === 'delivered' ? 'delivered' : step.status === 'retrying' ? 'retry' : 'failed',
    error,
    status: step.status,
    nextAttemptAt: step.status === 'retrying' ? step.nextAttemptAt : null,
    deliveredAt: step.status === 'delivered' ? now : null,
  });
  return { deliveryId: delivery.id, channelId: channel.id, attempt, step, send, recorded };
}
