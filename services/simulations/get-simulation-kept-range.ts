import 'server-only';
/** The local days whose raw events are kept (the periods a simulation may cover). */
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { rawEventsKeptFrom } from '@/db/queries/simulation';
import { assertCan } from '@/lib/auth/guard';
import { addDays, formatCalendarDate, localDate, startOfLocalDay } from '@/lib/time/zoned';
import type { ServiceContext } from '../context';

export async function getSimulationKeptRange(ctx: ServiceContext): Promise<{ from: string | null; to: string; timeZone: string }> {
  assertCan(ctx.actor, 'dashboards:read');
  const timeZone = await getOrgTimeZone(ctx.db);
  const to = formatCalendarDate(localDate(ctx.now, timeZone));
  const kept = await rawEventsKeptFrom(ctx.db);
  if (kept.firstDay === null) return { from: null, to, timeZone };
  if (!kept.droppedBefore) return { from: kept.firstDay, to, timeZone };
  // The first whole local day at or after the retention cutoff.
  let day = localDate(kept.droppedBefore, timeZone);
  if (startOfLocalDay(day, timeZone).getTime() < kept.droppedBefore.getTime()) day = addDays(day, 1);
  return { from: [formatCalendarDate(day), kept.firstDay].sort()[1]!, to, timeZone };
}
