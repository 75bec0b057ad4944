import { count, max, min, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { usageHourly, usageSessions } from '../schema';

export interface UsageSummary {
  events: number;
  projects: number;
  sessions: number;
  first: Date | null;
  last: Date | null;
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
  };
}
