/**
 * Retention: raw events older than N whole months are dropped a month-partition at a time (instant,
 * no row-by-row delete); rollups are never touched, so dashboards keep the full history. The ids in
 * usage_event_ids are never deleted: imports take events of any age, so an id once accepted must stay
 * a duplicate for ever, or a re-import of a dropped month would count it in the rollups a second time.
 */
import type { DatabaseHandle } from '@/db/client';
import { recordRawEventsDroppedBefore } from '@/db/queries/org-settings';
import { forgetPartitions } from './write-events';

export function retentionCutoff(months: number, now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}

export async function listEventPartitions(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.rawQuery(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
     where p.relname = 'usage_events' order by 1`,
    [],
  );
  return rows.map((r) => String(r.name));
}

/** Drops every monthly partition that ends on or before the cutoff; returns the dropped names. */
export async function applyRetention(
  handle: DatabaseHandle,
  { months, now = new Date() }: { months: number; now?: Date },
): Promise<string[]> {
  const cutoff = retentionCutoff(months, now);
  const cutoffKey = cutoff.getUTCFullYear() * 100 + cutoff.getUTCMonth() + 1;
  const dropped: string[] = [];
  for (const name of await listEventPartitions(handle)) {
    const m = /^usage_events_(\d{6})$/.exec(name);
    if (!m || Number(m[1]) >= cutoffKey) continue;
    await handle.rawQuery(`drop table if exists ${name}`, []);
    dropped.push(name);
  }
  if (dropped.length > 0) {
    // A later zone change re-sums the raw-built day rollup only where raw events remain (org-settings.ts).
    await recordRawEventsDroppedBefore(handle.db, cutoff);
    forgetPartitions(handle);
  }
  return dropped;
}
