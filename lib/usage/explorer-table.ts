/**
 * The explorer's table and chart from one aggregate: rows per (bucket, key) summed per key for the
 * table, and per bucket for the chart (the largest keys, the rest as "other"). The CSV is written
 * from the very same table rows. Pure.
 */
import { formatShare, microsToDecimal } from '@/lib/format';
import type { UsageRow } from './query';
import type { SortColumn } from './explorer-state';

export interface ExplorerRow {
  key: string;
  label: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  unpricedRequests: number;
}

export const NONE_LABEL = '(none)';
export const OTHER_LABEL = '(other)';
/** Series drawn in the chart; the rest are summed as (other). */
export const CHART_SERIES = 8;

export function explorerTable(
  rows: readonly UsageRow[],
  label: (key: string) => string,
  sort: SortColumn,
  dir: 'asc' | 'desc',
): ExplorerRow[] {
  const byKey = new Map<string, ExplorerRow>();
  for (const r of rows) {
    const key = r.keys[0] ?? '';
    const row = byKey.get(key) ?? {
      key,
      label: key === '' ? NONE_LABEL : label(key),
      requests: 0,
      inputTokens: 0,
      outputTokens: 0,
      costMicros: 0,
      unpricedRequests: 0,
    };
    row.requests += r.requests;
    row.inputTokens += r.inputTokens;
    row.outputTokens += r.outputTokens;
    row.costMicros += r.costMicros;
    row.unpricedRequests += r.unpricedRequests;
    byKey.set(key, row);
  }
  const value = (r: ExplorerRow): number | string =>
    sort === 'key'
      ? r.label
      : sort === 'requests'
        ? r.requests
        : sort === 'input'
          ? r.inputTokens
          : sort === 'output'
            ? r.outputTokens
            : r.costMicros;
  const sign = dir === 'asc' ? 1 : -1;
  return [...byKey.values()].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
    return c !== 0 ? sign * c : a.label.localeCompare(b.label);
  });
}

/** Wide chart rows: one per bucket, one column per drawn series (cost in µ$). */
export function explorerChart(rows: readonly UsageRow[], buckets: readonly string[], table: readonly ExplorerRow[]) {
  const ranked = [...table].sort((a, b) => b.costMicros - a.costMicros || a.label.localeCompare(b.label));
  const drawn = ranked.slice(0, CHART_SERIES);
  const seriesOf = new Map(drawn.map((r) => [r.key, r.label]));
  const series = [...drawn.map((r) => r.label), ...(ranked.length > CHART_SERIES ? [OTHER_LABEL] : [])];
  const byBucket = new Map(
    buckets.map((b) => [b, { bucket: b, ...Object.fromEntries(series.map((s) => [s, 0])) } as Record<string, number | string>]),
  );
  for (const r of rows) {
    const target = byBucket.get(r.bucket ?? '');
    if (!target) continue;
    const name = seriesOf.get(r.keys[0] ?? '') ?? OTHER_LABEL;
    target[name] = (target[name] as number) + r.costMicros;
  }
  return { series, data: [...byBucket.values()] };
}

const CSV_HEADER = ['requests', 'input_tokens', 'output_tokens', 'cost_usd', 'share_of_cost', 'unpriced_requests'];

/**
 * The table as CSV, rows in the table's order. Text that a spreadsheet would run as a formula
 * (starting with = + - @) is prefixed with a quote.
 */
export function explorerCsv(groupName: string, table: readonly ExplorerRow[]): string {
  const total = table.reduce((a, r) => a + r.costMicros, 0);
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [[groupName, ...CSV_HEADER].map(cell).join(',')];
  for (const r of table) {
    lines.push(
      [
        r.label,
        String(r.requests),
        String(r.inputTokens),
        String(r.outputTokens),
        microsToDecimal(r.costMicros),
        formatShare(r.costMicros, total),
        String(r.unpricedRequests),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
