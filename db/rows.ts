/** Rows of a `db.execute(sql…)` result: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] } | undefined)?.rows ?? [])) as T[];
}
