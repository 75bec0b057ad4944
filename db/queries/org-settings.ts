/**
 * Organisation-wide settings (one row per key): the time zone every dashboard buckets in (a change moves
 * the day rollups to the new zone's days in small steps, as a job: services/organisation/change-time-zone-job.ts),
 * the zone change in progress, and how far retention has dropped raw events.
 */
import { eq, sql } from 'drizzle-orm';
import type { DayZone } from '@/lib/ingest/rollup-deltas';
import { DAY_GRAINS } from '@/lib/ingest/rollup-grains';
import { isTimeZone } from '@/lib/time/zoned';
import type { Database } from '../client';
import { lockDayGrainsSql, moveDayGrainSql } from '../ingest/write-events';
import { rowsOf } from '../rows';
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

const ZONE_CHANGE_KEY = 'time_zone_change';

/** A zone change in progress: hours before `before` are still in the days of `previous` (the job moves them back in time). */
export interface ZoneChange {
  previous: string;
  before: Date;
}

export async function getZoneChange(db: Database): Promise<ZoneChange | null> {
  const [row] = await db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, ZONE_CHANGE_KEY));
  const v = row?.value as { previous?: unknown; before?: unknown } | undefined;
  if (!v || typeof v.previous !== 'string' || typeof v.before !== 'string' || !isTimeZone(v.previous)) return null;
  return { previous: v.previous, before: new Date(v.before) };
}

/** The zone day rollups bucket each hour in, as lib/ingest/rollup-deltas.ts takes it (re-pricing). */
export async function getDayZone(db: Database): Promise<DayZone> {
  const [zone, change] = await Promise.all([getOrgTimeZone(db), getZoneChange(db)]);
  return change ? { zone, previous: change.previous, before: change.before } : zone;
}

/** Days this far after a change's cutover hold only hours in the new zone (zone offsets differ by at most 26 h). */
const CUTOVER_MARGIN_MS = 2 * 86_400_000;

/**
 * The zone the day rollups hold whole days of for a query starting at `from`: the organisation's, except
 * during a zone change for a query reaching days not moved yet (undefined: read the hour grains, exact in any
 * zone). So dashboards answer in the new zone, correctly, throughout a change; only older ranges read slower.
 */
export async function getDailyRollupZone(db: Database, from: Date): Promise<string | undefined> {
  return (await dailyRollupZones(db))(from);
}

/** getDailyRollupZone for many queries from one read: the zone as a function of the query's start. */
export async function dailyRollupZones(db: Database): Promise<(from: Date) => string | undefined> {
  const [zone, change] = await Promise.all([getOrgTimeZone(db), getZoneChange(db)]);
  return (from) => (change && from.getTime() < change.before.getTime() + CUTOVER_MARGIN_MS ? undefined : zone);
}

async function saveZoneChange(db: Database, change: ZoneChange): Promise<void> {
  const value = { previous: change.previous, before: change.before.toISOString() };
  await db
    .insert(orgSettings)
    .values({ key: ZONE_CHANGE_KEY, value })
    .onConflictDoUpdate({ target: orgSettings.key, set: { value, updatedAt: new Date() } });
}

/** The first and last UTC hour holding usage (usage_hourly keeps every hour for ever), null when none does. */
export async function usageHourRange(db: Database): Promise<{ first: Date; last: Date } | null> {
  const [row] = rowsOf<{ first: string | null; last: string | null }>(
    await db.execute(sql`select min(hour)::text as first, max(hour)::text as last from usage_hourly`),
  );
  return row?.first && row.last ? { first: new Date(row.first), last: new Date(row.last) } : null;
}

/**
 * Starts a zone change: the organisation's zone becomes `zone` for every hour from `before` on (new writes
 * land in its days at once); older hours stay in the days of the previous zone until moveDayRollups moves them.
 */
export async function startZoneChange(db: Database, { zone, previous, before }: { zone: string; previous: string; before: Date }) {
  await db.execute(sql.raw(lockDayGrainsSql('exclusive')));
  await saveOrgTimeZone(db, { timeZone: zone });
  await saveZoneChange(db, { previous, before });
}

/**
 * One step of a zone change, in the caller's transaction: the hours in [from, change.before) move to the days
 * of the new zone in every day grain, and the cutover moves back to `from`. Writers of the day grains wait
 * for the step (a brief exclusive lock; readers are not blocked on Postgres), then bucket by the new cutover.
 */
export async function moveDayRollups(db: Database, { from }: { from: Date }): Promise<void> {
  await db.execute(sql.raw(lockDayGrainsSql('exclusive')));
  const [zone, change] = await Promise.all([getOrgTimeZone(db), getZoneChange(db)]);
  if (!change || from >= change.before) return;
  for (const grain of DAY_GRAINS) {
    for (const statement of moveDayGrainSql(grain, { previous: change.previous, zone, from, to: change.before })) {
      await db.execute(sql.raw(statement));
    }
  }
  await saveZoneChange(db, { previous: change.previous, before: from });
}

/**
 * Ends a zone change once every hour is in the new zone's days: false (nothing changed) when older hours were
 * written meanwhile (an import), which the caller moves first.
 */
export async function finishZoneChange(db: Database): Promise<boolean> {
  await db.execute(sql.raw(lockDayGrainsSql('exclusive')));
  const [change, range] = await Promise.all([getZoneChange(db), usageHourRange(db)]);
  if (change && range && range.first < change.before) return false;
  await db.delete(orgSettings).where(eq(orgSettings.key, ZONE_CHANGE_KEY));
  return true;
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
