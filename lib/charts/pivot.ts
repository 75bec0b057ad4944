/**
 * Long rows (bucket, key, value) to the wide shape a stacked chart draws: one row per bucket, one
 * column per key, keys ordered by their total (largest first, so the legend reads like a ranking). Pure.
 */
export function pivotByBucket(rows: readonly { bucket: string; key: string; costMicros: number }[], buckets: readonly string[]) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.costMicros);
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const byBucket = new Map<string, Record<string, number | string>>(
    buckets.map((b) => [b, { bucket: b, ...Object.fromEntries(keys.map((k) => [k, 0])) }]),
  );
  for (const r of rows) {
    const row = byBucket.get(r.bucket);
    if (row) row[r.key] = (row[r.key] as number) + r.costMicros;
  }
  return { keys, rows: [...byBucket.values()], totals };
}
