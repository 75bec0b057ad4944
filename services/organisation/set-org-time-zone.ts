import 'server-only';
/**
 * The organisation's time zone. The change is a job (services/organisation/change-time-zone-job.ts) that moves
 * the day rollups to the new zone's days in small steps while dashboards stay readable; this queues it and
 * answers the job at once.
 */
import { recordAudit } from '@/db/queries/audit';
import { getOrgTimeZone, getZoneChange } from '@/db/queries/org-settings';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { timeZoneSchema } from '@/lib/organisation/schemas';
import type { ServiceContext } from '../context';
import { enqueueJob } from '../jobs/enqueue-job';
import { wakeSchedulers } from '../jobs/wake';

export async function setOrgTimeZone(ctx: ServiceContext, input: unknown): Promise<{ timeZone: string; jobId: string | null }> {
  assertCan(ctx.actor, 'organisation:manage');
  const { timeZone } = parseInput(timeZoneSchema, input);
  const actor = ctx.actor;
  const jobId = await ctx.db.transaction(async (tx) => {
    const before = await getOrgTimeZone(tx);
    if (before === timeZone && !(await getZoneChange(tx))) return null;
    const job = await enqueueJob({ ...ctx, db: tx }, { kind: 'time-zone', params: { timeZone } });
    await recordAudit(tx, {
      actor,
      action: 'settings.time_zone',
      targetType: 'settings',
      targetId: 'time_zone',
      details: { from: before, to: timeZone, jobId: job.id },
    });
    return job.id;
  });
  if (jobId) wakeSchedulers();
  return { timeZone, jobId };
}
