/** Sums of every measure over the raw events and over each rollup, for exact-equality checks. */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rowsOf } from '@/db/rows';

const MEASURES = `count(*)::text as requests, sum(input_tokens)::text as input_tokens, sum(cache_read_tokens)::text as cache_read,
  sum(cache_write_5m_tokens)::text as cw5, sum(cache_write_1h_tokens)::text as cw1, sum(output_tokens)::text as output_tokens,
  sum(reasoning_tokens)::text as reasoning, coalesce(sum(cost_micros), 0)::text as cost, coalesce(sum(cache_savings_micros), 0)::text as savings,
  count(*) filter (where cost_micros is null)::text as unpriced`;
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
    hourly: await one(db, `select ${ROLLUP} from usage_hourly ${where}`),
    dailyUsers: await one(db, `select ${ROLLUP} from usage_daily_users ${where}`),
    sessions: await one(db, `select ${ROLLUP} from usage_sessions ${where}`),
    sessionlessRaw: await one(db, `select ${MEASURES} from usage_events ${where} and session_id is not null`),
  };
}
