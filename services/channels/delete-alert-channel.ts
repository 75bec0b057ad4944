import 'server-only';
/**
 * Deletes a channel with its deliveries and their attempt log (pending retries stop). Alerts keep the channel's
 * id in their channel_ids; nothing is delivered to an id that names no channel.
 */
import { recordAudit } from '@/db/queries/audit';
import { deleteAlertChannel as deleteRow } from '@/db/queries/channels';
import { channelIdOrThrow } from '@/lib/alerts/channel-input';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

export async function deleteAlertChannel(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, 'channels:manage');
  const actor = ctx.actor;
  const id = channelIdOrThrow(input);
  return ctx.db.transaction(async (tx) => {
    const row = await deleteRow(tx, { id });
    if (!row) throw new AppError('not_found:channel', 'No such channel.');
    await recordAudit(tx, {
      actor,
      action: 'alert_channel.delete',
      targetType: 'alert_channel',
      targetId: id,
      details: { kind: row.kind, name: row.name, config: row.config },
    });
    return { id };
  });
}
