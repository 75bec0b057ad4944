import 'server-only';
/** The organisation's time zone; the day rollups are rebuilt in it in the same transaction as the change. */
import { recordAudit } from '@/db/queries/audit';
import { getOrgTimeZone, lockDayRollups, rebuildDayRollups, saveOrgTimeZone } from '@/db/queries/org-settings';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { timeZoneSchema } from '@/lib/organisation/schemas';
import type { ServiceContext } from '../context';

export async function setOrgTimeZone(ctx: ServiceContext, input: unknown): Promise<{ timeZone: string }> {
  assertCan(ctx.actor, 'organisation:manage');
  const { timeZone } = parseInput(timeZoneSchema, input);
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    // Writers of the daily rollup (ingestion, re-pricing) wait here and then see the new zone.
    await lockDayRollups(tx);
    const before = await getOrgTimeZone(tx);
    if (before === timeZone) return;
    await saveOrgTimeZone(tx, { timeZone });
    await rebuildDayRollups(tx, { previousZone: before });
    await recordAudit(tx, {
      actor,
      action: 'settings.time_zone',
      targetType: 'settings',
      targetId: 'time_zone',
      details: { from: before, to: timeZone },
    });
  });
  return { timeZone };
}
