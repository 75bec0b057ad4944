import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';

/** Whether any usage was ever recorded (cheap at any size: stops at the first rollup row). */
export async function hasAnyUsage(db: Database): Promise<boolean> {
  const [row] = rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from usage_hourly) as any`));
  return Boolean(row?.any);
}
