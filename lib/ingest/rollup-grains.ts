/**
 * The rollups, declared once: each grain's table, bucket, the dimensions of its key after
 * (project_id, bucket) and the measures it keeps. The drizzle tables' measure columns, the write path,
 * the re-price deltas, the dashboard query planner and the benchmark's loader are all generated from
 * this list. Pure data.
 *
 * Hours are UTC hour buckets; an organisation time zone groups them into its local days, weeks and
 * months at query time (exact for every whole-hour offset, DST included).
 */
import { DIMENSION_COLUMNS, type EventDimension, KEY_ONLY_COLUMNS } from '@/lib/usage/dimensions';
import { CORE_MEASURES, LATENCY_MEASURES, type Measure, OUTCOME_MEASURES, READ_MEASURES } from '@/lib/usage/measures';

export interface RollupGrain {
  name:
    | 'dailyTotals'
    | 'dailyModels'
    | 'dailyUsers'
    | 'daily'
    | 'hourly'
    | 'hourlyUsers'
    | 'hourlyLatency'
    | 'hourlyTags'
    | 'dailyUserTags'
    | 'dailyTagSets'
    | 'dailyUserSets'
    | 'dailySavings';
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
  /** The measures it keeps, in column order: the core ones, and any a grain keeps for its own views. */
  measures: readonly Measure[];
  /**
   * Set when the grain is stored in two tables, `table` being the view that joins them: each combination of
   * `columns` once in `combos` (keyed by project and a hash of the values), and rows of `facts` keyed by
   * project, bucket, the other key columns and that combination's id. A wide key becomes a narrow row.
   */
  stored?: ComboStorage;
}

export interface ComboStorage {
  facts: string;
  combos: string;
  columns: readonly string[];
}

/** A grain from its dimensions (in key order; project first, always): its key columns follow from them. */
function grain(
  name: RollupGrain['name'],
  table: string,
  bucket: RollupGrain['bucket'],
  dimensions: readonly EventDimension[],
  tags: RollupGrain['tags'] = 'none',
  measures: readonly Measure[] = CORE_MEASURES,
  stored?: ComboStorage,
): RollupGrain {
  if (dimensions[0] !== 'project') throw new Error(`grain ${name}: project comes first`);
  const columns = dimensions.slice(1).map((d) => DIMENSION_COLUMNS[d]);
  const keyColumns = tags === 'perTag' ? ['tag_key', 'tag_value', ...columns] : tags === 'set' ? [...columns, 'tags'] : columns;
  if (stored && !stored.columns.every((c) => keyColumns.includes(c))) throw new Error(`grain ${name}: combo columns outside its key`);
  return { name, table, bucket, keyColumns, dimensions, tags, measures, ...(stored ? { stored } : {}) };
}

const ALL_BUT_USER: readonly EventDimension[] = ['project', 'mode', 'task', 'provider', 'model', 'tier', 'status', 'routing'];
/** Every non-user dimension and the tag map: one row of usage_combos. */
const COMBO_COLUMNS = [...ALL_BUT_USER.slice(1).map((d) => DIMENSION_COLUMNS[d]), 'tags'];
const USER_MODES: readonly EventDimension[] = ['project', 'user', 'mode', 'tier'];

/** Smallest first within a bucket size: the planner takes the first that holds every dimension a query needs. */
export const ROLLUP_GRAINS: readonly RollupGrain[] = [
  grain('dailyTotals', 'usage_daily_totals', 'day', ['project']),
  grain('dailyModels', 'usage_daily_models', 'day', ['project', 'mode', 'provider', 'model', 'tier', 'routing']),
  grain('dailyUsers', 'usage_daily_user_modes', 'day', USER_MODES),
  grain('daily', 'usage_daily', 'day', ALL_BUT_USER),
  grain('hourly', 'usage_hourly', 'hour', ALL_BUT_USER),
  grain('hourlyUsers', 'usage_hourly_users', 'hour', USER_MODES),
  // Latency and errors by hour, provider and served model (no money: the planner never picks it for a spend query,
  // and a re-price leaves it unchanged). Read by the latency and error-rate widget (db/queries/dashboard-widgets.ts).
  grain('hourlyLatency', 'usage_hourly_latency', 'hour', ['project', 'provider', 'model'], 'none', LATENCY_MEASURES),
  grain('hourlyTags', 'usage_hourly_tags', 'hour', ['project'], 'perTag'),
  // A person crossed with one tag key (by user for env = prod, one user's teams) over whole days: one row per
  // day, tag and user, a few per person and day where the user-set grain below has one per combination (ADR 0016).
  // No hour grain holds its key, so a zone change re-sums it from the raw events.
  grain('dailyUserTags', 'usage_daily_user_tags', 'day', ['project', 'user'], 'perTag', READ_MEASURES),
  // Last: the planner tries the small per-tag hour grain first. No hour grain holds its key, so a zone change
  // re-sums it from the raw events (db/queries/org-settings.ts).
  grain('dailyTagSets', 'usage_daily_tag_sets', 'day', ALL_BUT_USER, 'set', CORE_MEASURES, {
    facts: 'usage_daily_tag_facts',
    combos: 'usage_combos',
    columns: COMBO_COLUMNS,
  }),
  // Every dimension, the user included, and the tag map: whatever no grain above holds, over whole days.
  // Stored as narrow rows of user and combination (usage_daily_user_facts), read through a view that joins them.
  grain('dailyUserSets', 'usage_daily_user_sets', 'day', ['project', 'user', ...ALL_BUT_USER.slice(1)], 'set', READ_MEASURES, {
    facts: 'usage_daily_user_facts',
    combos: 'usage_combos',
    columns: COMBO_COLUMNS,
  }),
  // The savings reports' source (ADR 0013): what a baseline needs to re-price a day's traffic on another model —
  // the requested model, the recorded routing, the long-context band of the input — and the outcomes beside it.
  // Last: it holds no dimension the grains above lack, so the dashboard planner never picks it.
  {
    ...grain('dailySavings', 'usage_daily_savings', 'day', ['project', 'mode', 'task', 'provider', 'model', 'tier', 'routing'], 'none', [
      ...CORE_MEASURES,
      ...OUTCOME_MEASURES,
    ]),
    keyColumns: [
      ...['mode', 'task', 'provider', 'model', 'tier', 'routing'].map((d) => DIMENSION_COLUMNS[d as EventDimension]),
      ...KEY_ONLY_COLUMNS.map((c) => c.column),
    ],
  },
];

export const grainNamed = (name: RollupGrain['name']): RollupGrain => ROLLUP_GRAINS.find((g) => g.name === name)!;

/**
 * A tag map longer than this as text (`tags::text`) is left out of the tag-set grain: a btree key holds at
 * most ~2.7 KB. The API accepts at most 1 KB of tags per event (lib/ingest/event-schema.ts), which is
 * always within it, so only events stored before that rule can be left out.
 */
export const TAG_SET_MAX_TEXT_BYTES = 2000;

const utf8 = new TextEncoder();

/** The length of a tag map as Postgres writes jsonb as text (`{"k": "v", …}`): the byte count TAG_SET_MAX_TEXT_BYTES bounds. */
export function tagMapTextBytes(tags: Record<string, string>): number {
  const pairs = Object.keys(tags).length;
  // JSON.stringify escapes exactly as Postgres does; jsonb adds a space after each ':' and ','.
  return utf8.encode(JSON.stringify(tags)).length + (pairs > 0 ? 2 * pairs - 1 : 0);
}

export function grainKey(grain: RollupGrain): string[] {
  return ['project_id', grain.bucket, ...grain.keyColumns];
}

/** The tables a grain's writes go to: its table, or its facts and combinations. */
export const writtenTables = (grain: RollupGrain): string[] => (grain.stored ? [grain.stored.facts, grain.stored.combos] : [grain.table]);

/** Every table the rollups are stored in (once each). */
export const ROLLUP_TABLES: readonly string[] = [...new Set(ROLLUP_GRAINS.flatMap(writtenTables))];

/** The key of a grain's facts table: its key with the combination's columns replaced by `combo_id`. */
export function factKey(grain: RollupGrain & { stored: ComboStorage }): string[] {
  return [...grainKey(grain).filter((c) => !grain.stored.columns.includes(c)), 'combo_id'];
}

/** Every column of a grain as dashboards read it: its key, then its measures. */
export function grainColumns(grain: RollupGrain): string[] {
  return [...grainKey(grain), ...grain.measures.map((m) => m.column)];
}

/** The grains kept in local days: rebuilt from the hourly rollup when the organisation's zone changes. */
export const DAY_GRAINS = ROLLUP_GRAINS.filter((g) => g.bucket === 'day');

/**
 * What a day grain is rebuilt from when the zone changes: the smallest hour grain whose key holds every
 * key column of the day grain and that keeps every measure it keeps, or the raw events when none does.
 */
export function rebuildSourceOf(grain: RollupGrain): RollupGrain | 'raw' {
  const source = ROLLUP_GRAINS.filter((g) => g.bucket === 'hour' && g.tags === grain.tags)
    .sort((a, b) => a.keyColumns.length - b.keyColumns.length)
    .find(
      (g) =>
        grain.keyColumns.every((c) => g.keyColumns.includes(c)) &&
        grain.measures.every((m) => g.measures.some((n) => n.column === m.column)),
    );
  return source ?? 'raw';
}
