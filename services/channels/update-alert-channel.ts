import 'server-only';
/** Renames a channel or changes where it points (its kind and signing secret stay). */
import { recordAudit } from '@/db/queries/audit';
import { getAlertChannelById, updateAlertChannel as updateRow } from '@/db/queries/channels';
import type { AlertChannel } from '@/db/schema';
import { channelIdOrThrow, channelUpdateOrThrow, configOf } from '@/lib/alerts/channel-input';
import { assertCan } from '@/lib/auth/guard';
import { allowPrivateWebhooks } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

export async function updateAlertChannel(ctx: ServiceContext, input: unknown): Promise<Omit<AlertChannel, 'secret'>> {
  assertCan(ctx.actor, 'channels:manage');
  const actor = ctx.actor;
  const id = channelIdOrThrow(input);
  return ctx.db.transaction(async (tx) => {
    const existing = await getAlertChannelById(tx, { id, lock: true });
    if (!existing) throw new AppError('not_found:channel', 'No such channel.');
    const def = channelUpdateOrThrow(input, existing.kind, { allowPrivate: allowPrivateWebhooks() });
    const row = await updateRow(tx, { id, name: def.name, config: configOf(def), now: ctx.now });
    await recordAudit(tx, {
      actor,
      action: 'alert_channel.update',
      targetType: 'alert_channel',
      targetId: id,
      details: { before: { name: existing.name, config: existing.config }, after: { name: def.name, config: configOf(def) } },
    });
    const { secret: _hidden, ...channel } = row!;
    return channel;
  });
}
