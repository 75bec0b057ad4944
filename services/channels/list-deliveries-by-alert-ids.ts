import 'server-only';
/**
 * Each alert's deliveries, one per channel, for the Alerts page: status (pending, retrying, delivered, failed),
 * attempts, next attempt, last error and status code. A channel named by the alert with no delivery yet (the
 * worker has not run since the alert) is listed as `pending` with no attempts; ids that name no channel (a
 * deleted one) are left out. Unknown alert ids give empty lists.
 */
import { z } from 'zod';
import { channelIdsOfAlerts, type DeliveryView, listAlertChannelRows, listDeliveriesForAlerts } from '@/db/queries/channels';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';

const schema = z.object({ alertIds: z.array(z.uuid()).max(1000) });

export type AlertDeliveryStatus = Omit<DeliveryView, 'id' | 'alertId'> & { deliveryId: string | null };

export async function listDeliveriesByAlertIds(ctx: ServiceContext, input: unknown): Promise<Map<string, AlertDeliveryStatus[]>> {
  assertCan(ctx.actor, 'dashboards:read');
  const { alertIds } = parseInput(schema, input, 'alert');
  const result = new Map<string, AlertDeliveryStatus[]>(alertIds.map((id) => [id, []]));
  if (alertIds.length === 0) return result;
  const [rows, named, channels] = await Promise.all([
    listDeliveriesForAlerts(ctx.db, { alertIds }),
    channelIdsOfAlerts(ctx.db, { alertIds }),
    listAlertChannelRows(ctx.db),
  ]);
  for (const { id, alertId, ...rest } of rows) result.get(alertId!)?.push({ deliveryId: id, ...rest });
  const channelById = new Map(channels.map((c) => [c.id, c]));
  for (const a of named) {
    const list = result.get(a.id)!;
    for (const channelId of a.channelIds) {
      const channel = channelById.get(channelId);
      if (!channel || list.some((d) => d.channelId === channelId)) continue;
      list.push({
        deliveryId: null,
        channelId,
        channelName: channel.name,
        channelKind: channel.kind,
        isTest: false,
        status: 'pending',
        attempts: 0,
        firstAttemptAt: null,
        lastAttemptAt: null,
        nextAttemptAt: null,
        lastError: null,
        deliveredAt: null,
        createdAt: ctx.now,
        lastStatusCode: null,
      });
    }
    list.sort((x, y) => x.channelName.localeCompare(y.channelName));
  }
  return result;
}
