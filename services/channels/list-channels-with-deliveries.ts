import 'server-only';
/** Settings → Channels: every channel as configured (admins only; no secret) with its newest deliveries. */
import { type DeliveryView, listAlertChannelRows, listRecentDeliveriesByChannel } from '@/db/queries/channels';
import type { AlertChannel } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export type ChannelWithDeliveries = Omit<AlertChannel, 'secret'> & { hasSecret: boolean; deliveries: DeliveryView[] };

export async function listChannelsWithDeliveries(
  ctx: ServiceContext,
  options: { perChannel?: number } = {},
): Promise<ChannelWithDeliveries[]> {
  assertCan(ctx.actor, 'channels:manage');
  const [rows, deliveries] = await Promise.all([
    listAlertChannelRows(ctx.db),
    listRecentDeliveriesByChannel(ctx.db, { perChannel: options.perChannel ?? 5 }),
  ]);
  return rows.map(({ secret, ...channel }) => ({
    ...channel,
    hasSecret: secret !== null,
    deliveries: deliveries.filter((d) => d.channelId === channel.id),
  }));
}
