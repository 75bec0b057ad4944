/**
 * Organisation-wide settings (one row per key): the time zone every dashboard buckets in (the day
 * rollups are rebuilt in the new zone in the same transaction as the change), and how far retention
 * has dropped raw events.
 */
import { eq, sql } from 'drizzle-orm';
import { DAY_GRAINS, rebuildSourceOf, type RollupGrain } from '@/lib/ingest/rollup-grains';
import { clearDayGrainSql, lockDayGrainsSql, rebuildDayGrainFromHourlySql, rebuildDayGrainFromRawSql } from '../ingest/write-events';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { addDays, formatCalendarDate, isTimeZone, localDate } from '@/lib/time/zoned';
import type { Database } from '../client';
import { orgSettings } from '../schema';
import { recordAudit } from './audit';

export const DEFAULT_TIME_ZONE = 'UTC';
const TIME_ZONE_KEY = 'time_zone';
const RAW_DROPPED_KEY = 'raw_events_dropped_before';

export async function getOrgTimeZone(db: Database): Promise<string> {
  const [row] = await db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, TIME_ZONE_KEY));
  const value = row?.value;
  return typeof value === 'string' && isTimeZone(value) ? value : DEFAULT_TIME_ZONE;
}

export async function setOrgTimeZone(db: Database, { actor, timeZone }: { actor: UserActor; timeZone: string }): Promise<void> {
  if (!isTimeZone(timeZone))
    throw new AppError('bad_request:api', `Unknown time zone "${timeZone}".`, {
      fields: { timeZone: ['Choose a time zone from the list.'] },
    });
  await db.transaction(async (tx) => {
    // Writers of the daily rollup (ingestion, re-pricing) wait here and then see the new zone.
    await tx.execute(sql.raw(lockDayGrainsSql('exclusive')));
    const before = await getOrgTimeZone(tx);
    if (before === timeZone) return;
    await tx
      .insert(orgSettings)
      .values({ key: TIME_ZONE_KEY, value: timeZone })
      .onConflictDoUpdate({ target: orgSettings.key, set: { value: timeZone, updatedAt: new Date() } });
    for (const grain of DAY_GRAINS) await rebuildDayGrain(tx, grain, before);
    await recordAudit(tx, {
      actor,
      action: 'settings.time_zone',
      targetType: 'settings',
      targetId: TIME_ZONE_KEY,
      details: { from: before, to: timeZone },
    });
  });
}

/** Re-buckets a day grain into the organisation's (new) zone: from its hour grain, or from the raw events kept. */
async function rebuildDayGrain(tx: Database, grain: RollupGrain, previousZone: string): Promise<void> {
  if (rebuildSourceOf(grain) !== 'raw') {
    await tx.execute(sql.raw(clearDayGrainSql(grain, null)));
    await tx.execute(sql.raw(rebuildDayGrainFromHourlySql(grain)));
    return;
  }
  // Rows whose events are all still kept are summed afresh in the new zone. Rows from before the day after
  // retention's cutoff keep the days of the zone they were written in (their raw events are gone).
  const dropped = await getRawEventsDroppedBefore(tx);
  const fromDay = dropped === null ? null : formatCalendarDate(addDays(localDate(dropped, previousZone), 1));
  await tx.execute(sql.raw(clearDayGrainSql(grain, fromDay)));
  await tx.execute(sql.raw(rebuildDayGrainFromRawSql(grain, previousZone, fromDay)));
}

/** Every raw event before this instant was dropped by retention (the latest cutoff applied); null if none ever was. */
export async function getRawEventsDroppedBefore(db: Database): Promise<Date | null> {
  const [row] = await db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, RAW_DROPPED_KEY));
  return typeof row?.value === 'string' ? new Date(row.value) : null;
}

/** Records that retention dropped the raw events before `cutoff` (keeps the latest cutoff). */
export async function recordRawEventsDroppedBefore(db: Database, cutoff: Date): Promise<void> {
  const value = cutoff.toISOString();
  await db
    .insert(orgSettings)
    .values({ key: RAW_DROPPED_KEY, value })
    .onConflictDoUpdate({
      target: orgSettings.key,
      set: {
        value: sql`case when ${orgSettings.value} #>> '{}' < ${value} then to_jsonb(${value}::text) else ${orgSettings.value} end`,
        updatedAt: new Date(),
      },
    });
}
