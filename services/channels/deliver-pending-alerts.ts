import 'server-only';
/**
 * The delivery worker, run periodically by the scheduler (every 10 s): (a) creates the missing delivery of every
 * alert to every channel it names, (b) claims due deliveries (SKIP LOCKED: two workers never take the same one),
 * at most `perChannel` per channel and `limit` per batch, and sends them in parallel (`concurrency` at once), each
 * bounded by the attempt timeout, so a dead or slow channel holds one slot for at most that long and never delays
 * another channel's delivery nor ingestion (which never waits for this). Each attempt is logged; retries follow
 * lib/alerts/retry.ts (ten attempts over 31 hours, then failed).
 */
import { alertPayloadsByIds, claimDueDeliveries, createMissingDeliveries, listAlertChannelRows } from '@/db/queries/channels';
import { ATTEMPT_TIMEOUT_MS } from '@/lib/alerts/retry';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';
import { type AttemptSummary, attemptDelivery, deliveryEnvironment } from './attempt-delivery';

export interface DeliverOptions {
  timeoutMs?: number;
  limit?: number;
  perChannel?: number;
  concurrency?: number;
  maxBatches?: number;
}

export interface DeliveryRun {
  created: number;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  attempts: AttemptSummary[];
}

const LEASE_MARGIN_MS = 60_000;

export async function deliverPendingAlerts(ctx: ServiceContext, options: DeliverOptions = {}): Promise<DeliveryRun> {
  assertCan(ctx.actor, 'channels:manage');
  const timeoutMs = options.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  const limit = options.limit ?? 50;
  const perChannel = options.perChannel ?? 5;
  const concurrency = options.concurrency ?? 8;
  const wallStart = Date.now();
  const clock = () => new Date(ctx.now.getTime() + (Date.now() - wallStart));
  const env = deliveryEnvironment();
  const run: DeliveryRun = { created: 0, attempted: 0, delivered: 0, retrying: 0, failed: 0, attempts: [] };
  run.created = await createMissingDeliveries(ctx.db, { now: ctx.now });
  for (let batch = 0; batch < (options.maxBatches ?? 4); batch++) {
    const now = clock();
    const claimed = await claimDueDeliveries(ctx.db, {
      now,
      leaseUntil: new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS),
      limit,
      perChannel,
    });
    if (claimed.length === 0) break;
    const [channels, payloads] = await Promise.all([
      listAlertChannelRows(ctx.db),
      alertPayloadsByIds(ctx.db, { ids: claimed.map((d) => d.alertId!).filter((id) => id !== null) }),
    ]);
    const channelById = new Map(channels.map((c) => [c.id, c]));
    const queue = [...claimed];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        const channel = channelById.get(delivery.channelId);
        const payload = delivery.alertId ? payloads.get(delivery.alertId) : undefined;
        if (!channel || !payload) continue; // deleted meanwhile: the cascade removes the row
        const summary = await attemptDelivery(ctx, { delivery, channel, payload, env, clock, timeoutMs });
        run.attempts.push(summary);
        if (!summary.recorded) continue;
        run.attempted++;
        run[summary.step.status === 'delivered' ? 'delivered' : summary.step.status === 'retrying' ? 'retrying' : 'failed']++;
      }
    });
    await Promise.all(workers);
    if (claimed.length < limit) break;
  }
  return run;
}
