import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';

/** Whether any usage was ever recorded (cheap at any size: stops at the first rollup row). */
export async function hasAnyUsage(db: Database): Promise<boolean> {
  const [row] = rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from usage_hourly) as any`));
  return Boolean(row?.any);
}

/** Requests ever stored without a price (from the smallest day rollup: cheap at any size). */
export async function countUnpricedRequests(db: Database): Promise<number> {
  const [row] = rowsOf<{ n: string }>(await db.execute(sql`select coalesce(sum(unpriced_requests), 0)::text as n from usage_daily_totals`));
  return Number(row?.n ?? 0);
}
