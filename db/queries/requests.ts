/**
 * Raw requests of one project, newest first, keyset-paginated on the primary key (project_id,
 * occurred_at, event_id) — never OFFSET, so page 1,000 costs what page 1 costs.
 */
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { DIMENSION_COLUMNS } from '@/lib/usage/dimensions';
import { rawDimensionIn } from './usage-aggregate';
import type { FilterDimension } from '@/lib/usage/explorer-state';
import type { RequestCursor } from '@/lib/usage/request-cursor';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { usageEvents, type UsageEvent } from '../schema';

/** The usage explorer's filters, on raw events: any of the values per dimension, every tag key, a period. */
export interface RequestFilters {
  values?: Partial<Record<FilterDimension, readonly string[]>>;
  tags?: Readonly<Record<string, readonly string[]>>;
  from?: Date;
  to?: Date;
}

function filterConditions(f: RequestFilters): (SQL | undefined)[] {
  const out: (SQL | undefined)[] = [
    f.from ? gte(usageEvents.occurredAt, f.from) : undefined,
    f.to ? lt(usageEvents.occurredAt, f.to) : undefined,
  ];
  for (const [dimension, values] of Object.entries(f.values ?? {})) {
    if (!values || values.length === 0) continue;
    out.push(rawDimensionIn(DIMENSION_COLUMNS[dimension as FilterDimension], values));
  }
  for (const [key, values] of Object.entries(f.tags ?? {})) {
    if (values.length > 0)
      out.push(
        sql`${usageEvents.tags}->>${key} in (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
  }
  return out;
}

export async function listRequests(
  db: Database,
  { projectId, filters, before, limit = 50 }: { projectId: string; filters: RequestFilters; before: RequestCursor | null; limit?: number },
): Promise<{ rows: UsageEvent[]; next: RequestCursor | null }> {
  const rows = await db
    .select()
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.projectId, projectId),
        ...filterConditions(filters),
        before
          ? or(
              lt(usageEvents.occurredAt, before.occurredAt),
              and(eq(usageEvents.occurredAt, before.occurredAt), lt(usageEvents.eventId, before.eventId)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(usageEvents.occurredAt), desc(usageEvents.eventId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { occurredAt: last.occurredAt, eventId: last.eventId } : null };
}

export async function getRequestByKey(
  db: Database,
  { projectId, occurredAt, eventId }: { projectId: string } & RequestCursor,
): Promise<UsageEvent | undefined> {
  const [row] = await db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.projectId, projectId), eq(usageEvents.occurredAt, occurredAt), eq(usageEvents.eventId, eventId)));
  return row;
}

/** The values each filter can take in a project, from the hourly rollup (cheap at any size). */
export async function listRequestFilterValues(db: Database, { projectId }: { projectId: string }) {
  const rows = rowsOf<{ kind: string; value: string }>(
    await db.execute(sql`select 'mode' as kind, mode as value from usage_hourly where project_id = ${projectId} and mode <> '' group by mode
      union all select 'model', model from usage_hourly where project_id = ${projectId} group by model
      union all select 'tier', tier from usage_hourly where project_id = ${projectId} group by tier
      union all select 'status', status from usage_hourly where project_id = ${projectId} group by status
      order by 1, 2`),
  );
  const out: Record<'mode' | 'model' | 'tier' | 'status', string[]> = { mode: [], model: [], tier: [], status: [] };
  for (const r of rows) out[r.kind as keyof typeof out].push(r.value);
  return out;
}
