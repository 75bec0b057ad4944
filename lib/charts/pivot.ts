/**
 * Long rows (day, key, value) to the wide shape a stacked chart draws: one row per day, one column per
 * key, keys ordered by their total (largest first, so the legend reads like a ranking). Pure.
 */
export function pivotByDay(rows: readonly { day: string; key: string; costMicros: number }[], days: readonly string[]) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.costMicros);
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const byDay = new Map<string, Record<string, number | string>>(days.map((d) => [d, { day: d, ...Object.fromEntries(keys.map((k) => [k, 0])) }]));
  for (const r of rows) {
    const row = byDay.get(r.day);
    if (row) row[r.key] = (row[r.key] as number) + r.costMicros;
  }
  return { keys, rows: [...byDay.values()], totals };
}

/** Every UTC day from `from` to `to` inclusive, as YYYY-MM-DD, so empty days still show. */
export function utcDays(from: Date, to: Date): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (d <= to) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
