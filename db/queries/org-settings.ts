/**
 * Organisation-wide settings (one row per key): the time zone every dashboard buckets in (the day
 * rollups are rebuilt in the new zone in the same transaction as the change, services/organisation), and
 * how far retention has dropped raw events.
 */
import { eq, sql } from 'drizzle-orm';
import { DAY_GRAINS, rebuildSourceOf, type RollupGrain } from '@/lib/ingest/rollup-grains';
import { addDays, formatCalendarDate, isTimeZone, localDate } from '@/lib/time/zoned';
import type { Database } from '../client';
import { clearDayGrainSql, lockDayGrainsSql, rebuildDayGrainFromHourlySql, rebuildDayGrainFromRawSql } from '../ingest/write-events';
import { orgSettings } from '../schema';

export const DEFAULT_TIME_ZONE = 'UTC';
const TIME_ZONE_KEY = 'time_zone';
const RAW_DROPPED_KEY = 'raw_events_dropped_before';

export async function getOrgTimeZone(db: Database): Promise<string> {
  const [row] = await db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, TIME_ZONE_KEY));
  const value = row?.value;
  return typeof value === 'string' && isTimeZone(value) ? value : DEFAULT_TIME_ZONE;
}

export async function saveOrgTimeZone(db: Database, { timeZone }: { timeZone: string }): Promise<void> {
  await db
    .insert(orgSettings)
    .values({ key: TIME_ZONE_KEY, value: timeZone })
    .onConflictDoUpdate({ target: orgSettings.key, set: { value: timeZone, updatedAt: new Date() } });
}

/** Held until the transaction ends: writers of the daily rollups (ingestion, re-pricing) wait, then see the new zone. */
export async function lockDayRollups(db: Database): Promise<void> {
  await db.execute(sql.raw(lockDayGrainsSql('exclusive')));
}

/** Re-buckets every day rollup into the organisation's (new) zone; call inside the transaction that changed it. */
export async function rebuildDayRollups(db: Database, { previousZone }: { previousZone: string }): Promise<void> {
  for (const grain of DAY_GRAINS) await rebuildDayGrain(db, grain, previousZone);
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
