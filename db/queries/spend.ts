/** Spend over time from the hourly rollup (never raw events), by UTC day and one dimension. */
import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';

export const SPEND_DIMENSIONS = ['mode', 'tier', 'model'] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

export interface DailySpend {
  day: string;
  key: string;
  costMicros: number;
}

export async function listDailySpend(db: Database, { from, by }: { from: Date; by: SpendDimension }): Promise<DailySpend[]> {
  const column = sql.raw(by); // one of SPEND_DIMENSIONS, never user text
  const rows = rowsOf<{ day: string; key: string; cost: string }>(
    await db.execute(sql`select to_char(date_trunc('day', hour at time zone 'UTC'), 'YYYY-MM-DD') as day, ${column} as key,
      sum(cost_micros)::text as cost from usage_hourly where hour >= ${from.toISOString()}::timestamptz
      group by 1, 2 order by 1, 2`),
  );
  return rows.map((r) => ({ day: r.day, key: r.key || '(none)', costMicros: Number(r.cost) }));
}
