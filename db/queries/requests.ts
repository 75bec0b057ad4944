/**
 * Raw requests of one project, newest first, keyset-paginated on the primary key (project_id,
 * occurred_at, event_id) — never OFFSET, so page 1,000 costs what page 1 costs.
 */
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { usageEvents, type UsageEvent } from '../schema';

export interface RequestFilters {
  mode?: string;
  model?: string;
  tier?: string;
  status?: string;
}

export interface RequestCursor {
  occurredAt: Date;
  eventId: string;
}

export function encodeCursor(c: RequestCursor): string {
  return Buffer.from(`${c.occurredAt.toISOString()}|${c.eventId}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): RequestCursor | null {
  if (!text) return null;
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  const i = raw.indexOf('|');
  const at = new Date(raw.slice(0, i));
  return i > 0 && !Number.isNaN(at.getTime()) ? { occurredAt: at, eventId: raw.slice(i + 1) } : null;
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
        filters.mode ? eq(usageEvents.mode, filters.mode) : undefined,
        filters.model ? eq(usageEvents.model, filters.model) : undefined,
        filters.tier ? eq(usageEvents.tier, filters.tier) : undefined,
        filters.status ? eq(usageEvents.status, filters.status) : undefined,
        before
          ? or(lt(usageEvents.occurredAt, before.occurredAt), and(eq(usageEvents.occurredAt, before.occurredAt), lt(usageEvents.eventId, before.eventId)))
          : undefined,
      ),
    )
    .orderBy(desc(usageEvents.occurredAt), desc(usageEvents.eventId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { occurredAt: last.occurredAt, eventId: last.eventId } : null };
}

export async function getRequest(db: Database, { projectId, occurredAt, eventId }: { projectId: string } & RequestCursor): Promise<UsageEvent | undefined> {
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
