import 'server-only';
/**
 * The channels, for pickers (the budget form) and lists: id, kind, name and where it points (a Slack webhook's
 * secret path left out). Readable by everyone who reads dashboards; secrets never leave here.
 */
import { listAlertChannelRows } from '@/db/queries/channels';
import { channelTarget } from '@/lib/alerts/channel-input';
import type { ChannelKind } from '@/lib/alerts/channel-schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export interface AlertChannelSummary {
  id: string;
  kind: ChannelKind;
  name: string;
  target: string;
}

export async function listAlertChannels(ctx: ServiceContext): Promise<AlertChannelSummary[]> {
  assertCan(ctx.actor, 'dashboards:read');
  const rows = await listAlertChannelRows(ctx.db);
  return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, target: channelTarget(r.kind, r.config) }));
}
