import 'server-only';
/** The monthly savings e-mails, each with its channel's name and its latest send. Admins (they name recipients). */
import { listAlertChannelRows } from '@/db/queries/channels';
import { listSavingsSchedules, listSavingsSends } from '@/db/queries/savings-schedules';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listSavingsSchedulesWithSends(ctx: ServiceContext) {
  assertCan(ctx.actor, 'channels:manage');
  const [schedules, sends, channels] = await Promise.all([
    listSavingsSchedules(ctx.db),
    listSavingsSends(ctx.db),
    listAlertChannelRows(ctx.db),
  ]);
  return {
    channels: channels.filter((c) => c.kind === 'email').map((c) => ({ id: c.id, name: c.name })),
    schedules: schedules.map((s) => ({
      ...s,
      channelName: channels.find((c) => c.id === s.channelId)?.name ?? '(deleted)',
      lastSend: sends.filter((x) => x.scheduleId === s.id).at(-1) ?? null,
    })),
  };
}
