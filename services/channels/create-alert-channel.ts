import 'server-only';
/** Creates a channel; a webhook's signing secret is generated here and returned this once (shown once in the UI). */
import { recordAudit } from '@/db/queries/audit';
import { insertAlertChannel } from '@/db/queries/channels';
import type { AlertChannel } from '@/db/schema';
import { channelCreateOrThrow, configOf } from '@/lib/alerts/channel-input';
import { generateWebhookSecret } from '@/lib/alerts/signing';
import { assertCan } from '@/lib/auth/guard';
import { allowPrivateWebhooks } from '@/lib/env';
import type { ServiceContext } from '../context';

export async function createAlertChannel(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ channel: Omit<AlertChannel, 'secret'>; secret: string | null }> {
  assertCan(ctx.actor, 'channels:manage');
  const actor = ctx.actor;
  const def = channelCreateOrThrow(input, { allowPrivate: allowPrivateWebhooks() });
  const secret = def.kind === 'webhook' ? generateWebhookSecret() : null;
  return ctx.db.transaction(async (tx) => {
    const { secret: _hidden, ...channel } = await insertAlertChannel(tx, {
      kind: def.kind,
      name: def.name,
      config: configOf(def),
      secret,
      createdBy: actor.kind === 'user' ? actor.userId : null,
    });
    await recordAudit(tx, {
      actor,
      action: 'alert_channel.create',
      targetType: 'alert_channel',
      targetId: channel.id,
      details: { kind: def.kind, name: def.name, config: configOf(def) },
    });
    return { channel, secret };
  });
}
