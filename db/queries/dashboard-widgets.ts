/**
 * The Overview's service-quality and efficiency widgets, one query function each, all from rollups: latency
 * percentiles and error rate (usage_hourly_latency), cache-hit rate and cost per request (aggregateUsage, the
 * explorer's own query), cost per session (the session rollup). Time buckets are local to the scope's zone.
 */
import { sql, type SQL } from 'drizzle-orm';
import { GRANULARITIES, type Granularity } from '@/lib/time/buckets';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import { addHistograms, histogramOf, histogramPercentile, rate } from '@/lib/usage/latency';
import { LATENCY_MEASURES } from '@/lib/usage/measures';
import { NO_FILTER } from '@/lib/usage/query';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { chartGranularity } from './overview';
import { aggregateUsage } from './usage-aggregate';

/** Series a widget draws at most; the rest are summed into one `other` (exact: histograms and counts add). */
export const MAX_SERIES = 5;
export const OTHER = 'other';

const unit = (g: Granularity) => {
  if (!GRANULARITIES.includes(g)) throw new Error(`unknown granularity ${g}`);
  return sql.raw(`'${g}'`);
};
/** A bucket's key, as lib/time/buckets.ts bucketKey writes it: the local start `YYYY-MM-DDTHH:MM`. */
const bucketOf = (column: SQL, g: Granularity, timeZone: string) =>
  sql`to_char(date_trunc(${unit(g)}, ${column} at time zone ${timeZone}::text), 'YYYY-MM-DD"T"HH24:MI')`;
const projectsIn = (ids: readonly string[]) =>
  ids.length > 0
    ? sql` and project_id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
/** The first whole UTC hour at or after an instant (hour rollups hold the hours that start in the period). */
const hourAtOrAfter = (d: Date) => new Date(Math.ceil(d.getTime() / 3_600_000) * 3_600_000).toISOString();

export interface LatencyPoint {
  bucket: string;
  requests: number;
  errorRequests: number;
  /** null: no request in the bucket (no rate), or none with a latency (no percentile). */
  errorRate: number | null;
  p50: number | null;
  p95: number | null;
}
export interface LatencySeries extends Omit<LatencyPoint, 'bucket'> {
  key: string;
  points: LatencyPoint[];
}

interface Cell {
  requests: number;
  errorRequests: number;
  histogram: number[];
}
const emptyCell = (): Cell => ({ requests: 0, errorRequests: 0, histogram: histogramOf({}) });
const addCell = (a: Cell, b: Cell): Cell => ({
  requests: a.requests + b.requests,
  errorRequests: a.errorRequests + b.errorRequests,
  histogram: addHistograms(a.histogram, b.histogram),
});
const figures = (c: Cell) => ({
  requests: c.requests,
  errorRequests: c.errorRequests,
  errorRate: rate(c.errorRequests, c.requests),
  p50: histogramPercentile(c.histogram, 0.5),
  p95: histogramPercentile(c.histogram, 0.95),
});

/**
 * Latency p50/p95 and error rate per time bucket, by served model (`provider/model`) or provider: the
 * MAX_SERIES with the most requests, the rest as `other`, and all of them together (`all`).
 */
export async function latencyOverTime(
  db: Database,
  scope: DashboardScope,
  by: 'model' | 'provider',
): Promise<{ granularity: Granularity; series: LatencySeries[]; all: LatencySeries }> {
  const granularity = chartGranularity(scope.period);
  const key = by === 'model' ? sql.raw(`provider || '/' || model`) : sql.raw('provider');
  const sums = sql.raw(LATENCY_MEASURES.map((m) => `sum(${m.column})::text as ${m.column}`).join(', '));
  const rows = rowsOf<Record<string, string>>(
    await db.execute(sql`select ${bucketOf(sql.raw('hour'), granularity, scope.timeZone)} as bucket, ${key} as key, ${sums}
      from usage_hourly_latency
      where hour >= ${hourAtOrAfter(scope.period.from)}::timestamptz and hour < ${hourAtOrAfter(scope.period.to)}::timestamptz
      ${projectsIn(scope.projectIds)}
      group by 1, 2 order by 1, 2`),
  );
  const cells = rows.map((r) => ({
    bucket: r.bucket!,
    key: r.key!,
    cell: { requests: Number(r.requests), errorRequests: Number(r.error_requests), histogram: histogramOf(r) },
  }));
  const perKey = new Map<string, number>();
  for (const c of cells) perKey.set(c.key, (perKey.get(c.key) ?? 0) + c.cell.requests);
  const ranked = [...perKey.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const shown = new Set(ranked.slice(0, MAX_SERIES));
  const seriesKeys = [...ranked.slice(0, MAX_SERIES), ...(ranked.length > MAX_SERIES ? [OTHER] : [])];
  const collect = (keyOf: (k: string) => string | null) => {
    const byKey = new Map<string, Map<string, Cell>>();
    for (const c of cells) {
      const k = keyOf(c.key);
      if (k === null) continue;
      const buckets = byKey.get(k) ?? new Map<string, Cell>();
      byKey.set(k, buckets);
      buckets.set(c.bucket, addCell(buckets.get(c.bucket) ?? emptyCell(), c.cell));
    }
    return byKey;
  };
  const toSeries = (k: string, buckets: Map<string, Cell> | undefined): LatencySeries => {
    const entries = [...(buckets ?? new Map<string, Cell>()).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const total = entries.reduce((acc, [, c]) => addCell(acc, c), emptyCell());
    return { key: k, ...figures(total), points: entries.map(([bucket, c]) => ({ bucket, ...figures(c) })) };
  };
  const grouped = collect((k) => (shown.has(k) ? k : OTHER));
  const all = collect(() => 'all').get('all');
  return { granularity, series: seriesKeys.map((k) => toSeries(k, grouped.get(k))), all: toSeries('all', all) };
}

export interface RatePoint {
  bucket: string;
  /** The ratio's parts: cache-read over input tokens, or cost over sessions. */
  part: number;
  whole: number;
}

/** Cache-read tokens over input tokens per time bucket (input includes cache reads: OpenTelemetry's convention). */
export async function cacheHitOverTime(db: Database, scope: DashboardScope): Promise<{ granularity: Granularity; points: RatePoint[] }> {
  const granularity = chartGranularity(scope.period);
  const { rows } = await aggregateUsage(db, {
    from: scope.period.from,
    to: scope.period.to,
    timeZone: scope.timeZone,
    filter: { ...NO_FILTER, projectIds: scope.projectIds },
    groupBy: [],
    granularity,
    measures: 'all',
  });
  return { granularity, points: rows.map((r) => ({ bucket: r.bucket!, part: r.cacheReadTokens, whole: r.inputTokens })) };
}

/**
 * Cost per session per time bucket: the sessions that started in the bucket (the session rollup's first
 * event), their whole cost over their count. A session counts once, in the bucket it began in.
 */
export async function costPerSessionOverTime(
  db: Database,
  scope: DashboardScope,
): Promise<{ granularity: Granularity; points: (RatePoint & { unpricedSessions: number })[] }> {
  const granularity = chartGranularity(scope.period);
  const rows = rowsOf<{ bucket: string; cost: string; sessions: string; unpriced: string }>(
    await db.execute(sql`select ${bucketOf(sql.raw('first_at'), granularity, scope.timeZone)} as bucket,
        sum(cost_micros)::text as cost, count(*)::text as sessions, count(*) filter (where unpriced_requests > 0)::text as unpriced
      from usage_sessions
      where first_at >= ${scope.period.from.toISOString()}::timestamptz and first_at < ${scope.period.to.toISOString()}::timestamptz
      ${projectsIn(scope.projectIds)}
      group by 1 order by 1`),
  );
  return {
    granularity,
    points: rows.map((r) => ({ bucket: r.bucket, part: Number(r.cost), whole: Number(r.sessions), unpricedSessions: Number(r.unpriced) })),
  };
}

export interface ModeCost {
  mode: string;
  requests: number;
  pricedRequests: number;
  costMicros: number;
  points: { bucket: string; pricedRequests: number; costMicros: number }[];
}

/** Cost per priced request by mode, over the period and per time bucket (unpriced requests are neither cost nor count). */
export async function costPerRequestByMode(db: Database, scope: DashboardScope): Promise<{ granularity: Granularity; modes: ModeCost[] }> {
  const granularity = chartGranularity(scope.period);
  const { rows } = await aggregateUsage(db, {
    from: scope.period.from,
    to: scope.period.to,
    timeZone: scope.timeZone,
    filter: { ...NO_FILTER, projectIds: scope.projectIds },
    groupBy: [{ dimension: 'mode' }],
    granularity,
    measures: 'spend',
  });
  const modes = new Map<string, ModeCost>();
  for (const r of rows) {
    const mode = r.keys[0] || '(none)';
    const m = modes.get(mode) ?? { mode, requests: 0, pricedRequests: 0, costMicros: 0, points: [] };
    modes.set(mode, m);
    const priced = r.requests - r.unpricedRequests;
    m.requests += r.requests;
    m.pricedRequests += priced;
    m.costMicros += r.costMicros;
    m.points.push({ bucket: r.bucket!, pricedRequests: priced, costMicros: r.costMicros });
  }
  return { granularity, modes: [...modes.values()].sort((a, b) => b.costMicros - a.costMicros || a.mode.localeCompare(b.mode)) };
}
