import 'server-only';
/**
 * "Send test": a real delivery of a test payload (lib/alerts/test-payload.ts) to one channel, now, once (no
 * retries), logged like any delivery and shown in the channel's recent deliveries; the answer says what
 * happened (delivered, or the error and status code).
 */
import { recordAudit } from '@/db/queries/audit';
import { getAlertChannelById, insertTestDelivery } from '@/db/queries/channels';
import { channelIdOrThrow } from '@/lib/alerts/channel-input';
import { testAlertPayload } from '@/lib/alerts/test-payload';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';
import { attemptDelivery, deliveryEnvironment } from './attempt-delivery';

export interface TestSendResult {
  deliveryId: string;
  status: 'delivered' | 'failed';
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export async function sendTestToChannel(
  ctx: ServiceContext,
  input: unknown,
  options: { timeoutMs?: number } = {},
): Promise<TestSendResult> {
  assertCan(ctx.actor, 'channels:manage');
  const actor = ctx.actor;
  const id = channelIdOrThrow(input);
  const channel = await getAlertChannelById(ctx.db, { id });
  if (!channel) throw new AppError('not_found:channel', 'No such channel.');
  const delivery = await insertTestDelivery(ctx.db, { channelId: id, now: ctx.now });
  const env = deliveryEnvironment();
  const wallStart = Date.now();
  const summary = await attemptDelivery(ctx, {
    delivery,
    channel,
    payload: testAlertPayload({ deliveryId: delivery.id, now: ctx.now, baseUrl: env.baseUrl }),
    env,
    clock: () => new Date(ctx.now.getTime() + (Date.now() - wallStart)),
    once: true,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const status = summary.step.status === 'delivered' ? 'delivered' : 'failed';
  const error = summary.step.status === 'delivered' ? null : [summary.step.reason, summary.send.detail].filter(Boolean).join(': ');
  await recordAudit(ctx.db, {
    actor,
    action: 'alert_channel.test',
    targetType: 'alert_channel',
    targetId: id,
    details: { deliveryId: delivery.id, status, statusCode: summary.send.statusCode },
  });
  return { deliveryId: delivery.id, status, statusCode: summary.send.statusCode, durationMs: summary.send.durationMs, error };
}
