/**
 * Raw requests, newest first, across any set of projects, keyset-paginated — never OFFSET, so page 1,000
 * costs what page 1 costs. Each project's newest rows are read through its primary key (project_id,
 * occurred_at, event_id) in a lateral subquery and the few per project are merged: no index on time
 * alone is needed, and ingestion keeps writing exactly the indexes it did.
 */
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { DIMENSION_COLUMNS } from '@/lib/usage/dimensions';
import type { FilterDimension } from '@/lib/usage/explorer-state';
import type { RequestCursor } from '@/lib/usage/request-cursor';
import type { Database } from '../client';
import { projects, usageEventIds, usageEvents, usageSessions, type UsageEvent } from '../schema';

/** The usage explorer's filters on raw events (exact values), sessions, an id, a time window. */
export interface RequestFilters {
  values?: Partial<Record<FilterDimension, readonly string[]>>;
  tags?: Readonly<Record<string, readonly string[]>>;
  /** Session ids, exactly. */
  sessions?: readonly string[];
  /** An event id or a session id, exactly. */
  id?: string;
  from?: Date;
  to?: Date;
}

/** Any of the values exactly (the service resolved typed values to stored spellings); '' stands for events without the dimension. */
function anyOf(column: SQL, values: readonly string[]): SQL {
  const named = [...new Set(values.filter((v) => v !== ''))];
  const parts = [
    ...(named.length > 0 ? [inArray(column, named)] : []),
    ...(named.length < values.length ? [sql`(${column} is null or ${column} = '')`] : []),
  ];
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

function filterConditions(f: RequestFilters): (SQL | undefined)[] {
  const out: (SQL | undefined)[] = [
    f.from ? gte(usageEvents.occurredAt, f.from) : undefined,
    f.to ? lt(usageEvents.occurredAt, f.to) : undefined,
    f.sessions?.length ? inArray(usageEvents.sessionId, [...f.sessions]) : undefined,
    f.id !== undefined ? or(eq(usageEvents.eventId, f.id), eq(usageEvents.sessionId, f.id)) : undefined,
  ];
  for (const [dimension, values] of Object.entries(f.values ?? {})) {
    if (values && values.length > 0)
      out.push(anyOf(sql.raw(`"usage_events"."${DIMENSION_COLUMNS[dimension as FilterDimension]}"`), values));
  }
  for (const [key, values] of Object.entries(f.tags ?? {})) {
    if (values.length > 0) out.push(anyOf(sql`(${usageEvents.tags}->>${key})`, values));
  }
  return out;
}

export type RequestRow = UsageEvent;

export async function listRequests(
  db: Database,
  {
    projectIds,
    filters,
    before,
    limit = 50,
  }: { projectIds: readonly string[] | null; filters: RequestFilters; before: RequestCursor | null; limit?: number },
): Promise<{ rows: RequestRow[]; next: RequestCursor | null }> {
  if (projectIds?.length === 0) return { rows: [], next: null };
  // Strictly after the cursor in (occurred_at, project_id, event_id) descending; `<=` on time alone is the
  // part the primary key can range over, the rest sorts out the rows of that very instant.
  const afterCursor = before
    ? and(
        lte(usageEvents.occurredAt, before.occurredAt),
        or(
          lt(usageEvents.occurredAt, before.occurredAt),
          sql`${projects.id} < ${before.projectId}::uuid`,
          and(sql`${projects.id} = ${before.projectId}::uuid`, lt(usageEvents.eventId, before.eventId)),
        ),
      )
    : undefined;
  const perProject = db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.projectId, projects.id), ...filterConditions(filters), afterCursor))
    .orderBy(desc(usageEvents.occurredAt), desc(usageEvents.eventId))
    .limit(limit + 1)
    .as('e');
  const rows = await db
    .select()
    .from(projects)
    .innerJoinLateral(perProject, sql`true`)
    .where(projectIds ? inArray(projects.id, [...projectIds]) : undefined)
    .orderBy(desc(perProject.occurredAt), desc(perProject.projectId), desc(perProject.eventId))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => r.e as RequestRow);
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > limit && last ? { occurredAt: last.occurredAt, projectId: last.projectId, eventId: last.eventId } : null,
  };
}

/** One request by its project and event id: the id index (its key) gives the time, the time the primary key. */
export async function getRequestByEventId(db: Database, { projectId, eventId }: { projectId: string; eventId: string }) {
  const [row] = await db
    .select({ event: usageEvents })
    .from(usageEventIds)
    .innerJoin(
      usageEvents,
      and(
        eq(usageEvents.projectId, usageEventIds.projectId),
        eq(usageEvents.occurredAt, usageEventIds.occurredAt),
        eq(usageEvents.eventId, usageEventIds.eventId),
      ),
    )
    .where(and(eq(usageEventIds.projectId, projectId), eq(usageEventIds.eventId, eventId)));
  return row?.event;
}

/** Where an id is an event id or a session id, in any of the projects: one key look-up per project each. */
export async function findRequestIds(db: Database, { ids, projectIds }: { ids: readonly string[]; projectIds: readonly string[] | null }) {
  if (ids.length === 0 || projectIds?.length === 0) return { events: [], sessions: [] };
  const inProjects = projectIds ? inArray(projects.id, [...projectIds]) : undefined;
  const [events, sessions] = await Promise.all([
    db
      .select({ projectId: usageEventIds.projectId, eventId: usageEventIds.eventId, occurredAt: usageEventIds.occurredAt })
      .from(projects)
      .innerJoin(usageEventIds, and(eq(usageEventIds.projectId, projects.id), inArray(usageEventIds.eventId, [...ids])))
      .where(inProjects),
    db
      .select({
        projectId: usageSessions.projectId,
        sessionId: usageSessions.sessionId,
        firstAt: usageSessions.firstAt,
        lastAt: usageSessions.lastAt,
      })
      .from(projects)
      .innerJoin(usageSessions, and(eq(usageSessions.projectId, projects.id), inArray(usageSessions.sessionId, [...ids])))
      .where(inProjects),
  ]);
  return { events, sessions };
}
