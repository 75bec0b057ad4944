/**
 * The rollups, declared once: each grain's table and the dimensions of its key after
 * (project_id, hour). The write path, the re-price deltas, the dashboard query planner and the
 * benchmark's loader are all generated from this list. Pure data.
 *
 * Hours are UTC hour buckets; an organisation time zone groups them into its local days, weeks and
 * months at query time (exact for every whole-hour offset, DST included).
 */

/** Dimensions of usage a dashboard can group or filter by (a tag is `tag:<key>`). */
export const EVENT_DIMENSIONS = ['project', 'mode', 'task', 'provider', 'model', 'tier', 'status', 'routing', 'user'] as const;
export type EventDimension = (typeof EVENT_DIMENSIONS)[number];

/** The raw-event column behind each dimension ('' in rollups when the event had none). */
export const DIMENSION_COLUMNS: Record<EventDimension, string> = {
  project: 'project_id',
  mode: 'mode',
  task: 'task',
  provider: 'provider',
  model: 'model',
  tier: 'tier',
  status: 'status',
  routing: 'routing_rule_id',
  user: 'user_id',
};

export interface RollupGrain {
  name: 'dailyTotals' | 'dailyModels' | 'dailyUsers' | 'daily' | 'hourly' | 'hourlyUsers' | 'hourlyTags' | 'dailyTagSets';
  table: string;
  /**
   * hour: UTC hour buckets (`hour` timestamptz), exact in every whole-hour zone. day: local days of
   * the organisation's time zone (`day` date, from each event's UTC hour) — rebuilt when the zone
   * changes (db/queries/org-settings.ts) from an hour grain (rebuildSourceOf; hour grains are kept
   * forever) or, for a day grain no hour grain can rebuild, from the raw events still kept.
   */
  bucket: 'hour' | 'day';
  /** Key columns after project_id and the bucket, in key order (per-tag grain: tag_key, tag_value first; tag-set grain: tags last). */
  keyColumns: readonly string[];
  /** Dimensions this grain can answer (project always). */
  dimensions: readonly EventDimension[];
  /**
   * How the grain holds an event's tags. none: not at all. perTag: one row per tag (tag_key, tag_value)
   * instead of one per event. set: the whole tag map (`tags` jsonb) is part of the key, so any tag keys
   * can be grouped or filtered together (tags are small: at most 1 KB per event, lib/ingest/event-schema.ts).
   */
  tags: 'none' | 'perTag' | 'set';
}

const ALL_BUT_USER: readonly EventDimension[] = ['project', 'mode', 'task', 'provider', 'model', 'tier', 'status', 'routing'];
const MAIN_KEY = ['mode', 'task', 'provider', 'model', 'tier', 'status', 'routing_rule_id'];

/** Smallest first within a bucket size: the planner takes the first that holds every dimension a query needs. */
export const ROLLUP_GRAINS: readonly RollupGrain[] = [
  { name: 'dailyTotals', table: 'usage_daily_totals', bucket: 'day', keyColumns: [], dimensions: ['project'], tags: 'none' },
  {
    name: 'dailyModels',
    table: 'usage_daily_models',
    bucket: 'day',
    keyColumns: ['mode', 'provider', 'model', 'tier', 'routing_rule_id'],
    dimensions: ['project', 'mode', 'provider', 'model', 'tier', 'routing'],
    tags: 'none',
  },
  {
    name: 'dailyUsers',
    table: 'usage_daily_user_modes',
    bucket: 'day',
    keyColumns: ['user_id', 'mode', 'tier'],
    dimensions: ['project', 'user', 'mode', 'tier'],
    tags: 'none',
  },
  { name: 'daily', table: 'usage_daily', bucket: 'day', keyColumns: MAIN_KEY, dimensions: ALL_BUT_USER, tags: 'none' },
  { name: 'hourly', table: 'usage_hourly', bucket: 'hour', keyColumns: MAIN_KEY, dimensions: ALL_BUT_USER, tags: 'none' },
  {
    name: 'hourlyUsers',
    table: 'usage_hourly_users',
    bucket: 'hour',
    keyColumns: ['user_id', 'mode', 'tier'],
    dimensions: ['project', 'user', 'mode', 'tier'],
    tags: 'none',
  },
  {
    name: 'hourlyTags',
    table: 'usage_hourly_tags',
    bucket: 'hour',
    keyColumns: ['tag_key', 'tag_value'],
    dimensions: ['project'],
    tags: 'perTag',
  },
  // Last: the planner tries the small per-tag hour grain first. No hour grain holds its key, so a zone change
  // re-sums it from the raw events (db/queries/org-settings.ts).
  {
    name: 'dailyTagSets',
    table: 'usage_daily_tag_sets',
    bucket: 'day',
    keyColumns: [...MAIN_KEY, 'tags'],
    dimensions: ALL_BUT_USER,
    tags: 'set',
  },
];

/**
 * A tag map longer than this as text (`tags::text`) is left out of the tag-set grain: a btree key holds at
 * most ~2.7 KB. The API accepts at most 1 KB of tags per event (lib/ingest/event-schema.ts), which is
 * always within it, so only events stored before that rule can be left out.
 */
export const TAG_SET_MAX_TEXT_BYTES = 2000;

/** The length of a tag map as Postgres writes jsonb as text (`{"k": "v", …}`): the byte count TAG_SET_MAX_TEXT_BYTES bounds. */
export function tagMapTextBytes(tags: Record<string, string>): number {
  const pairs = Object.keys(tags).length;
  // JSON.stringify escapes exactly as Postgres does; jsonb adds a space after each ':' and ','.
  return new TextEncoder().encode(JSON.stringify(tags)).length + (pairs > 0 ? 2 * pairs - 1 : 0);
}

export function grainKey(grain: RollupGrain): string[] {
  return ['project_id', grain.bucket, ...grain.keyColumns];
}

/** The grains kept in local days: rebuilt from the hourly rollup when the organisation's zone changes. */
export const DAY_GRAINS = ROLLUP_GRAINS.filter((g) => g.bucket === 'day');

/**
 * What a day grain is rebuilt from when the zone changes: the smallest hour grain whose key holds every
 * key column of the day grain, or the raw events when none does.
 */
export function rebuildSourceOf(grain: RollupGrain): RollupGrain | 'raw' {
  const source = ROLLUP_GRAINS.filter((g) => g.bucket === 'hour' && g.tags === grain.tags)
    .sort((a, b) => a.keyColumns.length - b.keyColumns.length)
    .find((g) => grain.keyColumns.every((c) => g.keyColumns.includes(c)));
  return source ?? 'raw';
}
