/**
 * Re-prices (and optionally re-tiers) the stored events of one served model, in chunks. Each chunk is
 * one transaction: the events are locked, recomputed with the current pricing configuration, updated,
 * and the rollups receive exactly the difference — so rollups stay equal to the raw events throughout.
 */
import { and, asc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { usageEvents, type UsageEvent } from '@/db/schema';
import { rollupDeltas, SESSION_MEASURES, type RollupDeltas } from '@/lib/ingest/rollup-deltas';
import { grainKey } from '@/lib/ingest/rollup-grains';
import { getDayZone } from '@/db/queries/org-settings';
import { lockDayGrainsSql, upsertDeltasSql } from '@/db/ingest/write-events';
import type { Pricer } from '@/lib/pricing/pricer';
import { isCostMismatch } from '@/lib/pricing/reported-cost';

export interface RewriteSelection {
  provider: string;
  model: string;
  from?: Date;
  to?: Date;
}

const CHUNK = 2_000;

function selectionWhere(s: RewriteSelection): SQL {
  return and(
    eq(usageEvents.provider, s.provider.toLowerCase()),
    sql`lower(${usageEvents.model}) = ${s.model.toLowerCase()}`,
    s.from ? gte(usageEvents.occurredAt, s.from) : undefined,
    s.to ? lt(usageEvents.occurredAt, s.to) : undefined,
  )!;
}

export async function countSelection(db: Database, s: RewriteSelection): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(usageEvents).where(selectionWhere(s));
  return row?.n ?? 0;
}

function recompute(e: UsageEvent, pricer: Pricer, retier: boolean): UsageEvent {
  const priced = pricer.price(e.provider, e.model, e.occurredAt, e);
  return {
    ...e,
    costMicros: priced.costMicros,
    cacheSavingsMicros: priced.cacheSavingsMicros,
    priceSource: priced.priceSource,
    costMismatch: isCostMismatch(e.reportedCostMicros, priced.costMicros),
    tier: retier ? pricer.tierOf(e.provider, e.model) : e.tier,
  };
}

const changed = (a: UsageEvent, b: UsageEvent) =>
  a.costMicros !== b.costMicros ||
  a.cacheSavingsMicros !== b.cacheSavingsMicros ||
  a.priceSource !== b.priceSource ||
  a.tier !== b.tier ||
  a.costMismatch !== b.costMismatch;

/** The cast of each key column read from the JSON payload (text otherwise). */
const KEY_CASTS: Record<string, string> = { project_id: 'uuid', hour: 'timestamptz', day: 'date', tags: 'jsonb' };

async function applyDeltas(tx: Database, deltas: RollupDeltas): Promise<void> {
  for (const [grain, map] of deltas.grains) {
    const keys = grainKey(grain);
    if (map.size === 0) continue;
    const measures = grain.measures.map((m) => m.column);
    // The write path's lock order: bucket first, then project and the other key columns (db/ingest/write-events.ts).
    const lockOrder = (key: readonly string[]) => [key[1], key[0], ...key.slice(2)].join('\u0000');
    const rows = [...map.values()].sort((a, b) => (lockOrder(a.key) < lockOrder(b.key) ? -1 : 1));
    const payload = JSON.stringify(rows.map((r) => [...r.key, ...measures.map((m) => r.measures[m] ?? 0)]));
    const columns = [
      ...keys.map((c, i) => `${KEY_CASTS[c] ? `(r->>${i})::${KEY_CASTS[c]}` : `r->>${i}`} as ${c}`),
      ...measures.map((m, i) => `(r->>${keys.length + i})::bigint as ${m}`),
    ].join(', ');
    const deltaRows = sql`select ${sql.raw(columns)} from jsonb_array_elements(${payload}::jsonb) r`;
    const table = grain.stored?.facts ?? grain.table;
    await tx.execute(sql.join([sql`with d as (`, deltaRows, sql.raw(`)\n${upsertDeltasSql(grain)}`)]));
    await tx.execute(
      sql`delete from ${sql.raw(table)} where requests = 0
        and project_id in (select distinct (r->>0)::uuid from jsonb_array_elements(${payload}::jsonb) r)`,
    );
  }
  if (deltas.sessions.size > 0) {
    // Sessions: only the measures change (their key and time span do not).
    const measures = SESSION_MEASURES.map((m) => m.column);
    const rows = [...deltas.sessions.values()].sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1));
    const payload = JSON.stringify(rows.map((r) => [...r.key, ...measures.map((m) => r.measures[m] ?? 0)]));
    const set = measures.map((m, i) => `${m} = s.${m} + (r->>${i + 2})::bigint`).join(', ');
    await tx.execute(
      sql`update usage_sessions s set ${sql.raw(set)} from jsonb_array_elements(${payload}::jsonb) r
        where s.project_id = (r->>0)::uuid and s.session_id = r->>1`,
    );
  }
}

export interface RewriteProgress {
  processed: number;
  changed: number;
}

/** Rewrites every selected event; calls `onChunk` after each committed chunk. */
export async function rewriteEvents(
  db: Database,
  {
    selection,
    pricer,
    retier,
    onChunk,
    signal,
  }: {
    selection: RewriteSelection;
    pricer: Pricer;
    retier: boolean;
    onChunk?: (p: RewriteProgress) => Promise<void>;
    /** Stops between chunks (each chunk is committed whole), throwing the signal's reason. */
    signal?: AbortSignal;
  },
): Promise<RewriteProgress> {
  const progress: RewriteProgress = { processed: 0, changed: 0 };
  type Key = { projectId: string; occurredAt: Date; eventId: string };
  let after: Key | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const last: Key | null = after;
    const chunk: { count: number; changed: number; last: UsageEvent | undefined } = await db.transaction(async (tx) => {
      const rows: UsageEvent[] = await tx
        .select()
        .from(usageEvents)
        .where(
          and(
            selectionWhere(selection),
            last
              ? or(
                  gt(usageEvents.projectId, last.projectId),
                  and(eq(usageEvents.projectId, last.projectId), gt(usageEvents.occurredAt, last.occurredAt)),
                  and(
                    eq(usageEvents.projectId, last.projectId),
                    eq(usageEvents.occurredAt, last.occurredAt),
                    gt(usageEvents.eventId, last.eventId),
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(asc(usageEvents.projectId), asc(usageEvents.occurredAt), asc(usageEvents.eventId))
        .limit(CHUNK)
        .for('update');
      const updated = rows.map((r) => recompute(r, pricer, retier));
      const before = rows.filter((r, i) => changed(r, updated[i]!));
      const afterRows = updated.filter((r, i) => changed(rows[i]!, r));
      if (afterRows.length > 0) {
        const payload = JSON.stringify(
          afterRows.map((r) => [
            r.projectId,
            r.occurredAt.toISOString(),
            r.eventId,
            r.costMicros,
            r.cacheSavingsMicros,
            r.priceSource,
            r.costMismatch,
            r.tier,
          ]),
        );
        await tx.execute(sql`update usage_events e
            set cost_micros = (r->>3)::bigint, cache_savings_micros = (r->>4)::bigint, price_source = r->>5,
            cost_mismatch = (r->>6)::boolean, tier = r->>7
          from jsonb_array_elements(${payload}::jsonb) r
          where e.project_id = (r->>0)::uuid and e.occurred_at = (r->>1)::timestamptz and e.event_id = r->>2`);
        // Lock before reading the zone: a zone change holds this table until its rebuild commits.
        await tx.execute(sql.raw(lockDayGrainsSql('row exclusive')));
        await applyDeltas(tx, rollupDeltas(before, afterRows, await getDayZone(tx)));
      }
      return { count: rows.length, changed: afterRows.length, last: rows.at(-1) };
    });
    progress.processed += chunk.count;
    progress.changed += chunk.changed;
    if (onChunk) await onChunk(progress);
    if (!chunk.last || chunk.count < CHUNK) return progress;
    after = { projectId: chunk.last.projectId, occurredAt: chunk.last.occurredAt, eventId: chunk.last.eventId };
  }
}
