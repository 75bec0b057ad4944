import 'server-only';
/** A monthly savings e-mail to the recipients of one email alert channel, with the report's baseline and projects. Admins. */
import { recordAudit } from '@/db/queries/audit';
import { getAlertChannelById } from '@/db/queries/channels';
import { listProjects } from '@/db/queries/projects';
import { insertSavingsSchedule } from '@/db/queries/savings-schedules';
import type { SavingsReportSchedule } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { savingsScheduleSchema } from '@/lib/savings/monthly';
import { baselineParam } from '@/lib/savings/report-input';
import type { ServiceContext } from '../context';

export async function createSavingsSchedule(ctx: ServiceContext, input: unknown): Promise<SavingsReportSchedule> {
  assertCan(ctx.actor, 'channels:manage');
  const { channelId, baseline, projects } = parseInput(savingsScheduleSchema, input, 'savings');
  const actor = ctx.actor!;
  return ctx.db.transaction(async (tx) => {
    const channel = await getAlertChannelById(tx, { id: channelId });
    if (!channel || channel.kind !== 'email')
      throw new AppError('bad_request:savings', 'Choose an email channel.', { fields: { channelId: ['Not an email channel.'] } });
    const known = new Set((await listProjects(tx)).map((p) => p.slug));
    const unknown = projects.filter((p) => !known.has(p));
    if (unknown.length > 0)
      throw new AppError('bad_request:savings', `No project ${unknown.join(', ')}.`, { fields: { projects: ['Unknown project.'] } });
    const schedule = await insertSavingsSchedule(tx, {
      channelId,
      baseline: baselineParam(baseline),
      projects,
      createdBy: actor.kind === 'user' ? actor.userId : null,
    });
    await recordAudit(tx, {
      actor,
      action: 'savings_schedule.create',
      targetType: 'savings_schedule',
      targetId: schedule.id,
      details: { channelId, baseline: schedule.baseline, projects },
    });
    return schedule;
  });
}
