import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';

/** Tag keys seen in the last 30 days (for the explorer's "group by tag" and filters), from the tag rollup. */
export async function listRecentTagKeys(db: Database, { now }: { now: Date }): Promise<string[]> {
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const rows = rowsOf<{ tag_key: string }>(
    await db.execute(
      sql`select tag_key from usage_hourly_tags where hour >= ${since}::timestamptz group by tag_key order by tag_key limit 50`,
    ),
  );
  return rows.map((r) => r.tag_key);
}
