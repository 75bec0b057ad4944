/**
 * The Overview's widgets, one query function each (each widget loads on its own). All of them go
 * through aggregateUsage, so they read rollups and agree with the usage explorer to the micro-dollar.
 */
import { projectMonthEnd, type Projection } from '@/lib/usage/projection';
import { NO_FILTER, type GroupSpec, type UsageQuery } from '@/lib/usage/query';
import { comparisonOf, dayCount, type Period } from '@/lib/time/periods';
import { addDays, daysInMonth, localDate, startOfLocalDay } from '@/lib/time/zoned';
import type { Granularity } from '@/lib/time/buckets';
import type { Database } from '../client';
import { aggregateUsage, sumRows, type UsageRow, type UsageTotals } from './usage-aggregate';

export interface DashboardScope {
  period: Period;
  timeZone: string;
  projectIds: readonly string[];
}

type Span = { from: Date; to: Date };

function usageQuery(
  scope: Omit<DashboardScope, 'period'>,
  span: Span,
  groupBy: GroupSpec[],
  granularity: Granularity | null,
  measures: UsageQuery['measures'] = 'all',
): UsageQuery {
  return {
    from: span.from,
    to: span.to,
    timeZone: scope.timeZone,
    filter: { ...NO_FILTER, projectIds: scope.projectIds },
    groupBy,
    granularity,
    measures,
  };
}

async function totalsBetween(db: Database, scope: Omit<DashboardScope, 'period'>, span: Span): Promise<UsageTotals> {
  return sumRows((await aggregateUsage(db, usageQuery(scope, span, [], null))).rows);
}

/**
 * The period's totals and those of what it is compared with (lib/time/periods.ts comparisonOf): the previous
 * period of the same length, or while this one runs (today), the same hours of it.
 */
export async function periodTotals(
  db: Database,
  scope: DashboardScope,
  now: Date,
): Promise<{ current: UsageTotals; previous: UsageTotals; previousLabel: string }> {
  const comparison = comparisonOf(scope.period, now, scope.timeZone);
  const [current, before] = await Promise.all([totalsBetween(db, scope, scope.period), totalsBetween(db, scope, comparison)]);
  return { current, previous: before, previousLabel: comparison.label };
}

/** Days of spend behind the projection's daily rate: the last complete week. */
export const RUN_RATE_DAYS = 7;

/** This month (local) so far, and projected to its end at the last week's daily rate. */
export async function monthEndProjection(
  db: Database,
  scope: Omit<DashboardScope, 'period'>,
  now: Date,
): Promise<Projection & { monthToDateMicros: number; month: string }> {
  const today = localDate(now, scope.timeZone);
  const todayStart = startOfLocalDay(today, scope.timeZone);
  const tomorrow = startOfLocalDay(addDays(today, 1), scope.timeZone);
  const [mtd, recent] = await Promise.all([
    totalsBetween(db, scope, { from: startOfLocalDay({ ...today, day: 1 }, scope.timeZone), to: tomorrow }),
    totalsBetween(db, scope, { from: startOfLocalDay(addDays(today, -RUN_RATE_DAYS), scope.timeZone), to: todayStart }),
  ]);
  const days = daysInMonth(today.year, today.month);
  const restOfToday = (tomorrow.getTime() - now.getTime()) / (tomorrow.getTime() - todayStart.getTime());
  const projection = projectMonthEnd({
    monthToDateMicros: mtd.costMicros,
    recentMicros: recent.costMicros,
    recentDays: RUN_RATE_DAYS,
    daysInMonth: days,
    remainingDays: days - today.day + restOfToday,
  });
  return { ...projection, monthToDateMicros: mtd.costMicros, month: `${today.year}-${String(today.month).padStart(2, '0')}` };
}

/** Requests and spend (only) per group, most expensive first. */
export async function spendBy(db: Database, scope: DashboardScope, groupBy: GroupSpec[]): Promise<UsageRow[]> {
  const { rows } = await aggregateUsage(db, usageQuery(scope, scope.period, groupBy, null, 'spend'));
  return rows.sort((a, b) => b.costMicros - a.costMicros || a.keys.join().localeCompare(b.keys.join()));
}

export const TOP_DRIVERS = 10;

/** Mode × task × model, most expensive first. */
export async function topCostDrivers(db: Database, scope: DashboardScope): Promise<UsageRow[]> {
  return (await spendBy(db, scope, [{ dimension: 'mode' }, { dimension: 'task' }, { dimension: 'model' }])).slice(0, TOP_DRIVERS);
}

/** Time buckets for the spend chart: hours for a day, days up to ~3 months, weeks beyond. */
export function chartGranularity(period: Period): Granularity {
  const days = dayCount(period);
  return days <= 2 ? 'hour' : days <= 92 ? 'day' : 'week';
}

export async function spendOverTime(db: Database, scope: DashboardScope, dimension: 'mode' | 'tier' | 'model'): Promise<UsageRow[]> {
  return (await aggregateUsage(db, usageQuery(scope, scope.period, [{ dimension }], chartGranularity(scope.period), 'spend'))).rows;
}
