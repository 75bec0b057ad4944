/** Sums of every measure over the raw events and over each rollup, for exact-equality checks. */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { grainSelect } from '@/db/ingest/write-events';
import { rowsOf } from '@/db/rows';
import { MEASURE_NAMES } from '@/lib/ingest/rollup-deltas';
import { grainKey, ROLLUP_GRAINS } from '@/lib/ingest/rollup-grains';

const MEASURES = `count(*)::text as requests, sum(input_tokens)::text as input_tokens, sum(cache_read_tokens)::text as cache_read,
  sum(cache_write_5m_tokens)::text as cw5, sum(cache_write_1h_tokens)::text as cw1, sum(output_tokens)::text as output_tokens,
  sum(reasoning_tokens)::text as reasoning, coalesce(sum(cost_micros), 0)::text as cost,
  coalesce(sum(cache_savings_micros), 0)::text as savings, count(*) filter (where cost_micros is null)::text as unpriced`;
const ROLLUP = `sum(requests)::text as requests, sum(input_tokens)::text as input_tokens, sum(cache_read_tokens)::text as cache_read,
  sum(cache_write_5m_tokens)::text as cw5, sum(cache_write_1h_tokens)::text as cw1, sum(output_tokens)::text as output_tokens,
  sum(reasoning_tokens)::text as reasoning, sum(cost_micros)::text as cost, sum(cache_savings_micros)::text as savings,
  sum(unpriced_requests)::text as unpriced`;

async function one(db: Database, query: string): Promise<Record<string, string>> {
  return rowsOf<Record<string, string>>(await db.execute(sql.raw(query)))[0]!;
}

export async function rawAndRollupSums(db: Database, projectId: string) {
  const where = `where project_id = '${projectId}'`;
  return {
    raw: await one(db, `select ${MEASURES} from usage_events ${where}`),
    rawPerTag: await one(db, `select ${MEASURES} from usage_events cross join lateral jsonb_each_text(tags) t ${where}`),
    hourly: await one(db, `select ${ROLLUP} from usage_hourly ${where}`),
    daily: await one(db, `select ${ROLLUP} from usage_daily ${where}`),
    hourlyUsers: await one(db, `select ${ROLLUP} from usage_hourly_users ${where}`),
    hourlyTags: await one(db, `select ${ROLLUP} from usage_hourly_tags ${where}`),
    sessions: await one(db, `select ${ROLLUP} from usage_sessions ${where}`),
    sessionlessRaw: await one(db, `select ${MEASURES} from usage_events ${where} and session_id is not null`),
  };
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
    const cols = [...grainKey(grain), ...MEASURE_NAMES].join(', ');
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
