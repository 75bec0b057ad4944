/**
 * What a dashboard asks of usage — a period, filters, up to three group-by dimensions, optional time
 * buckets — and where it can be answered from: the smallest rollup whose key holds every dimension
 * involved, or the raw events when none does (e.g. a user filter with a task grouping). Pure.
 */
import { ROLLUP_GRAINS, type RollupGrain } from '@/lib/ingest/rollup-grains';
import type { Granularity } from '@/lib/time/buckets';
import { localParts } from '@/lib/time/zoned';
import type { EventDimension } from './dimensions';
import { measuresReadBy, type UsageTotals } from './measures';

/** A dimension to group by: one of the event dimensions, or the value of one tag key. */
export type GroupSpec = { dimension: EventDimension } | { tag: string };

export interface UsageFilter {
  projectIds: readonly string[];
  /** Per dimension, the values kept (any of them). Empty or missing: no filter. */
  values: Partial<Record<Exclude<EventDimension, 'project'>, readonly string[]>>;
  /** Tag filters: per key, the values kept; several keys must all match. */
  tags: Readonly<Record<string, readonly string[]>>;
}

export const NO_FILTER: UsageFilter = { projectIds: [], values: {}, tags: {} };

export interface UsageQuery {
  from: Date;
  to: Date;
  timeZone: string;
  filter: UsageFilter;
  groupBy: readonly GroupSpec[];
  granularity: Granularity | null;
  /**
   * `spend`: only requests, cost and unpriced requests are summed (the other measures come back as 0) —
   * for charts and rankings, which need no more. Default `all`.
   */
  measures?: 'all' | 'spend';
}

export type UsageSource = { kind: 'rollup'; grain: RollupGrain } | { kind: 'raw' };

/** One row of an aggregate: the sums of one time bucket and group. */
export interface UsageRow extends UsageTotals {
  /** Local bucket start `YYYY-MM-DDTHH:MM`, or null without granularity. */
  bucket: string | null;
  /** One value per group-by spec ('' when the event had none). */
  keys: string[];
}

export function filteredDimensions(filter: UsageFilter): EventDimension[] {
  const dims = Object.entries(filter.values)
    .filter(([, v]) => v && v.length > 0)
    .map(([d]) => d as EventDimension);
  return filter.projectIds.length > 0 ? ['project', ...dims] : dims;
}

/** Whether an instant is a local midnight in the zone. */
function isLocalMidnight(instant: Date, timeZone: string): boolean {
  const p = localParts(instant, timeZone);
  return p.hour === 0 && p.minute === 0;
}

/**
 * The cheapest source that answers the query exactly: the first grain, in ROLLUP_GRAINS order, that holds
 * every dimension and measure the query involves. Day grains serve day/week/month buckets and totals over
 * whole local days of the zone they are kept in (`dailyZone`, the organisation's). Grains holding whole
 * tag maps also answer queries without tags (the widest, with the user, answers any day query at all).
 */
export function planSource(
  query: Pick<UsageQuery, 'filter' | 'groupBy'> & Partial<Pick<UsageQuery, 'from' | 'to' | 'timeZone' | 'granularity' | 'measures'>>,
  dailyZone?: string,
  grains: readonly RollupGrain[] = ROLLUP_GRAINS,
): UsageSource {
  const dims = [...query.groupBy.flatMap((g) => ('dimension' in g ? [g.dimension] : [])), ...filteredDimensions(query.filter)];
  const wholeLocalDays =
    dailyZone !== undefined &&
    query.timeZone === dailyZone &&
    query.granularity !== 'hour' &&
    query.from !== undefined &&
    query.to !== undefined &&
    isLocalMidnight(query.from, dailyZone) &&
    isLocalMidnight(query.to, dailyZone);
  const needed = measuresReadBy(query.measures);

  const involvesTags = query.groupBy.some((g) => 'tag' in g) || Object.values(query.filter.tags).some((v) => v.length > 0);
  const fits = (g: RollupGrain) =>
    (g.bucket === 'hour' || wholeLocalDays) &&
    dims.every((d) => g.dimensions.includes(d)) &&
    needed.every((m) => g.measures.some((n) => n.column === m.column));
  // Without tags: the grains without them, then those holding tag maps. With tags: the per-tag hour grain
  // answers one tag key (grouped, filtered or both) with at most a project filter; tag-map grains any tag keys.
  const candidates = [
    ...(involvesTags
      ? tagKeyOf(query) !== null
        ? grains.filter((g) => g.tags === 'perTag')
        : []
      : grains.filter((g) => g.tags === 'none')),
    ...grains.filter((g) => g.tags === 'set'),
  ];
  const grain = candidates.find(fits);
  return grain ? { kind: 'rollup', grain } : { kind: 'raw' };
}

/**
 * Hour buckets that no hour grain holds (a user or a tag crossed with other dimensions) are summed from the
 * raw events of the period: offered for periods up to this many days, beyond which the explorer shows days
 * (from a day grain) instead. See README "Measured" for the figures behind it.
 */
export const MAX_RAW_HOURLY_DAYS = 3;

/** The granularity a view of `days` local days is shown at: hours only where a rollup, or a short raw scan, gives them. */
export function plannedGranularity(query: UsageQuery, days: number): Granularity | null {
  if (query.granularity !== 'hour' || days <= MAX_RAW_HOURLY_DAYS) return query.granularity;
  return planSource(query).kind === 'raw' ? 'day' : 'hour';
}

/** The one tag key a query groups or filters by, or null when it involves none or several. */
export function tagKeyOf(query: Pick<UsageQuery, 'filter' | 'groupBy'>): string | null {
  const keys = new Set([
    ...query.groupBy.flatMap((g) => ('tag' in g ? [g.tag] : [])),
    ...Object.entries(query.filter.tags)
      .filter(([, v]) => v.length > 0)
      .map(([k]) => k),
  ]);
  return keys.size === 1 ? [...keys][0]! : null;
}

/** What the UI says about where figures came from, in words (never a table name). */
export function describeSource(source: UsageSource): string {
  if (source.kind === 'raw') return 'the raw events (no hourly totals hold this combination)';
  const tags = source.grain.tags === 'none' ? '' : ' by tag';
  return source.grain.bucket === 'hour' ? `hourly totals${tags}` : `daily totals${tags}`;
}
