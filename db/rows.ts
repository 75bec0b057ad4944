import { type SQL, sql } from 'drizzle-orm';

/** Rows of a `db.execute(sql…)` result: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] } | undefined)?.rows ?? [])) as T[];
}

/**
 * A select's rows read as one JSON value (`json_agg` of the rows as objects). For reads of tens of thousands of
 * rows: PGlite copies every field of a typed result into its own buffer (~5 µs each, seconds for a replay's
 * groups), and postgres.js parses each field apart; one JSON text is parsed at once by V8 on both drivers.
 */
export async function jsonRowsOf<T>(execute: (query: SQL) => Promise<unknown>, query: SQL): Promise<T[]> {
  const [row] = rowsOf<{ rows: unknown }>(await execute(sql`select coalesce(json_agg(q), '[]'::json) as rows from (${query}) q`));
  const rows = row?.rows ?? [];
  return (typeof rows === 'string' ? JSON.parse(rows) : rows) as T[];
}
