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
  name: 'hourly' | 'hourlyUsers' | 'hourlyTags';
  table: string;
  /** Key columns after project_id and hour, in key order. */
  keyColumns: readonly string[];
  /** Dimensions this grain can answer (project always). */
  dimensions: readonly EventDimension[];
  /** One row per tag of the event (key, value) instead of one per event. */
  perTag: boolean;
}

export const ROLLUP_GRAINS: readonly RollupGrain[] = [
  {
    name: 'hourly',
    table: 'usage_hourly',
    keyColumns: ['mode', 'task', 'provider', 'model', 'tier', 'status', 'routing_rule_id'],
    dimensions: ['project', 'mode', 'task', 'provider', 'model', 'tier', 'status', 'routing'],
    perTag: false,
  },
  {
    name: 'hourlyUsers',
    table: 'usage_hourly_users',
    keyColumns: ['user_id', 'mode', 'provider', 'model', 'tier'],
    dimensions: ['project', 'user', 'mode', 'provider', 'model', 'tier'],
    perTag: false,
  },
  {
    name: 'hourlyTags',
    table: 'usage_hourly_tags',
    keyColumns: ['tag_key', 'tag_value'],
    dimensions: ['project'],
    perTag: true,
  },
];

export function grainKey(grain: RollupGrain): string[] {
  return ['project_id', 'hour', ...grain.keyColumns];
}
