import { count, max, min, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { usageEvents, type NewUsageEvent } from '../schema';

/** Rows per INSERT statement: 31 columns × 1,000 stays well under Postgres' 65,535 parameters. */
const ROWS_PER_STATEMENT = 1_000;

export type UsageEventRow = Omit<NewUsageEvent, 'projectId' | 'receivedAt'>;

/**
 * The one insertion path for usage events (API ingestion, OpenTelemetry, imports and demo data).
 * Idempotent by (project, event id): a re-sent id is a duplicate and never overwrites. Runs in one
 * transaction, so a failure stores nothing and the caller may retry the whole batch.
 */
export async function insertUsageEvents(
  db: Database,
  { projectId, events }: { projectId: string; events: readonly UsageEventRow[] },
): Promise<{ accepted: number; duplicates: number }> {
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  const accepted = await db.transaction(async (tx) => {
    let inserted = 0;
    for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
      const rows = events.slice(i, i + ROWS_PER_STATEMENT).map((e) => ({ ...e, projectId }));
      const result = await tx.insert(usageEvents).values(rows).onConflictDoNothing().returning({ id: usageEvents.eventId });
      inserted += result.length;
    }
    return inserted;
  });
  return { accepted, duplicates: events.length - accepted };
}

export interface UsageSummary {
  events: number;
  projects: number;
  sessions: number;
  first: Date | null;
  last: Date | null;
}

export async function getUsageSummary(db: Database): Promise<UsageSummary> {
  const [row] = await db
    .select({
      events: count(),
      projects: sql<number>`count(distinct ${usageEvents.projectId})::int`,
      sessions: sql<number>`count(distinct (${usageEvents.projectId}, ${usageEvents.sessionId}))::int`,
      first: min(usageEvents.occurredAt),
      last: max(usageEvents.occurredAt),
    })
    .from(usageEvents);
  return {
    events: row?.events ?? 0,
    projects: row?.projects ?? 0,
    sessions: row?.sessions ?? 0,
    first: row?.first ? new Date(row.first) : null,
    last: row?.last ? new Date(row.last) : null,
  };
}
