/**
 * Organisation-wide settings (one row per key). Today: the time zone every dashboard buckets in; the
 * daily rollup is rebuilt in the new zone in the same transaction as the change.
 */
import { eq, sql } from 'drizzle-orm';
import { DAY_GRAINS } from '@/lib/ingest/rollup-grains';
import { lockDayGrainsSql, rebuildDayGrainFromHourlySql } from '../ingest/write-events';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { isTimeZone } from '@/lib/time/zoned';
import type { Database } from '../client';
import { orgSettings } from '../schema';
import { recordAudit } from './audit';

export const DEFAULT_TIME_ZONE = 'UTC';
const TIME_ZONE_KEY = 'time_zone';

export async function getOrgTimeZone(db: Database): Promise<string> {
  const [row] = await db.select({ value: orgSettings.value }).from(orgSettings).where(eq(orgSettings.key, TIME_ZONE_KEY));
  const value = row?.value;
  return typeof value === 'string' && isTimeZone(value) ? value : DEFAULT_TIME_ZONE;
}

export async function setOrgTimeZone(db: Database, { actor, timeZone }: { actor: UserActor; timeZone: string }): Promise<void> {
  if (!isTimeZone(timeZone)) throw new AppError('bad_request:api', `Unknown time zone "${timeZone}".`, { fields: { timeZone: ['Choose a time zone from the list.'] } });
  await db.transaction(async (tx) => {
    // Writers of the daily rollup (ingestion, re-pricing) wait here and then see the new zone.
    await tx.execute(sql.raw(lockDayGrainsSql('exclusive')));
    const before = await getOrgTimeZone(tx);
    if (before === timeZone) return;
    await tx
      .insert(orgSettings)
      .values({ key: TIME_ZONE_KEY, value: timeZone })
      .onConflictDoUpdate({ target: orgSettings.key, set: { value: timeZone, updatedAt: new Date() } });
    for (const grain of DAY_GRAINS) {
      await tx.execute(sql.raw(`delete from ${grain.table}`));
      await tx.execute(sql.raw(rebuildDayGrainFromHourlySql(grain)));
    }
    await recordAudit(tx, { actor, action: 'settings.time_zone', targetType: 'settings', targetId: TIME_ZONE_KEY, details: { from: before, to: timeZone } });
  });
}
