/** Sums of every measure over the raw events and over each rollup, for exact-equality checks. */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { eventSumSql, rollupSumSql } from '@/db/ingest/measure-sql';
import { grainSelect } from '@/db/ingest/write-events';
import { rowsOf } from '@/db/rows';
import { grainColumns, ROLLUP_GRAINS } from '@/lib/ingest/rollup-grains';
import { CORE_MEASURES } from '@/lib/usage/measures';

/** Every measure any grain keeps (the core ones and e.g. the latency histogram), once each. */
const ALL_MEASURES = [...CORE_MEASURES, ...ROLLUP_GRAINS.flatMap((g) => g.measures)].filter(
  (m, i, all) => all.findIndex((n) => n.column === m.column) === i,
);
/** Every measure, as text, summed from raw events and (the core ones) from rollup rows (generated from lib/usage/measures.ts). */
const MEASURES = ALL_MEASURES.map((m) => `${eventSumSql(m)}::text as ${m.column}`).join(', ');
const CORE = CORE_MEASURES.map((m) => `${eventSumSql(m)}::text as ${m.column}`).join(', ');
const ROLLUP = CORE_MEASURES.map((m) => `${rollupSumSql(m)}::text as ${m.column}`).join(', ');

async function one(db: Database, query: string): Promise<Record<string, string>> {
  return rowsOf<Record<string, string>>(await db.execute(sql.raw(query)))[0]!;
}

export async function rawAndRollupSums(db: Database, projectId: string) {
  const where = `where project_id = '${projectId}'`;
  const grains: Record<string, Record<string, string>> = {};
  for (const g of ROLLUP_GRAINS) {
    const sums = g.measures.map((m) => `${rollupSumSql(m)}::text as ${m.column}`).join(', ');
    grains[g.table] = await one(db, `select ${sums} from ${g.table} ${where}`);
  }
  return {
    raw: await one(db, `select ${MEASURES} from usage_events ${where}`),
    rawPerTag: await one(db, `select ${MEASURES} from usage_events cross join lateral jsonb_each_text(tags) t ${where}`),
    /** Each rollup's totals, by table. */
    grains,
    sessions: await one(db, `select ${ROLLUP} from usage_sessions ${where}`),
    sessionlessRaw: await one(db, `select ${CORE} from usage_events ${where} and session_id is not null`),
  };
}

/** The rollups whose totals differ from the raw events' (a per-tag grain: from the raw events counted once per tag). */
export function grainTotalsDifferingFromRaw(sums: Awaited<ReturnType<typeof rawAndRollupSums>>): string[] {
  return ROLLUP_GRAINS.filter((g) => {
    const raw = g.tags === 'perTag' ? sums.rawPerTag : sums.raw;
    return g.measures.some((m) => sums.grains[g.table]![m.column] !== raw[m.column]);
  }).map((g) => g.table);
}

/** What rollupRowsDifferingFromRaw returns when every rollup equals the raw events: 0 for every grain. */
export const NO_DIFFERENCES: Record<string, number> = Object.fromEntries(ROLLUP_GRAINS.map((g) => [g.table, 0]));

/**
 * Rows that differ, key by key, between each stored rollup and the same grain summed afresh from the
 * raw events (both directions). Empty when every rollup equals the raw events exactly.
 */
export async function rollupRowsDifferingFromRaw(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const grain of ROLLUP_GRAINS) {
    const cols = grainColumns(grain).join(', ');
    const fresh = `select * from (${grainSelect(grain, 'usage_events')}) f`;
    const stored = `select ${cols} from ${grain.table} where requests <> 0`;
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql.raw(
          `select ((select count(*) from (${stored} except all ${fresh}) a) + (select count(*) from (${fresh} except all
            ${stored}) b))::int as n`,
        ),
      ),
    );
    out[grain.table] = row!.n;
  }
  return out;
}
