import { count, max, min, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { usageHourly, usageSessions } from '../schema';

export interface UsageSummary {
  events: number;
  projects: number;
  sessions: number;
  first: Date | null;
  last: Date | null;
  costMicros: number;
  cacheSavingsMicros: number;
  unpricedRequests: number;
}

/** Totals from the rollups (never the raw events). `first`/`last` are hour buckets. */
export async function getUsageSummary(db: Database): Promise<UsageSummary> {
  const [[hourly], [sessions]] = await Promise.all([
    db
      .select({
        events: sql<number>`coalesce(sum(${usageHourly.requests}), 0)::bigint`,
        projects: sql<number>`count(distinct ${usageHourly.projectId})::int`,
        first: min(usageHourly.hour),
        last: max(usageHourly.hour),
        cost: sql<string>`coalesce(sum(${usageHourly.costMicros}), 0)::text`,
        savings: sql<string>`coalesce(sum(${usageHourly.cacheSavingsMicros}), 0)::text`,
        unpriced: sql<string>`coalesce(sum(${usageHourly.unpricedRequests}), 0)::text`,
      })
      .from(usageHourly),
    db.select({ n: count() }).from(usageSessions),
  ]);
  return {
    events: Number(hourly?.events ?? 0),
    projects: hourly?.projects ?? 0,
    sessions: sessions?.n ?? 0,
    first: hourly?.first ? new Date(hourly.first) : null,
    last: hourly?.last ? new Date(hourly.last) : null,
    costMicros: Number(hourly?.cost ?? 0),
    cacheSavingsMicros: Number(hourly?.savings ?? 0),
    unpricedRequests: Number(hourly?.unpriced ?? 0),
  };
}
