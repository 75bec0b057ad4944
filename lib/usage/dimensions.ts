/**
 * The dimensions of usage, declared once: the name used in URLs and queries, the label the explorer
 * shows, the raw-event column (the same name in every rollup that keeps it, '' there when the event had
 * none), the event row's property, and whether a dashboard can filter or group by it. A tag is not a
 * dimension here: it is `tag:<key>`, held by the tag grains. Pure data.
 */

export const DIMENSIONS = [
  /** Filtered by project slug (ExplorerState.projects), not by value. */
  { name: 'project', label: 'Project', column: 'project_id', field: 'projectId', filterable: true, groupable: true },
  { name: 'mode', label: 'Mode', column: 'mode', field: 'mode', filterable: true, groupable: true },
  { name: 'task', label: 'Task', column: 'task', field: 'task', filterable: true, groupable: true },
  { name: 'provider', label: 'Provider', column: 'provider', field: 'provider', filterable: true, groupable: true },
  { name: 'model', label: 'Model', column: 'model', field: 'model', filterable: true, groupable: true },
  { name: 'tier', label: 'Tier', column: 'tier', field: 'tier', filterable: true, groupable: true },
  { name: 'status', label: 'Status', column: 'status', field: 'status', filterable: true, groupable: true },
  { name: 'routing', label: 'Routing rule', column: 'routing_rule_id', field: 'routingRuleId', filterable: true, groupable: true },
  { name: 'user', label: 'User', column: 'user_id', field: 'userId', filterable: true, groupable: true },
] as const satisfies readonly {
  name: string;
  label: string;
  column: string;
  field: string;
  filterable: boolean;
  groupable: boolean;
}[];

export type Dimension = (typeof DIMENSIONS)[number];
/** Dimensions of usage a dashboard can group or filter by (a tag is `tag:<key>`). */
export type EventDimension = Dimension['name'];
/** The event row's property behind a dimension. */
export type DimensionField = Dimension['field'];

export const EVENT_DIMENSIONS: readonly EventDimension[] = DIMENSIONS.map((d) => d.name);
export const GROUP_DIMENSIONS: readonly EventDimension[] = DIMENSIONS.filter((d) => d.groupable).map((d) => d.name);

/** Dimensions filtered by value (the project is filtered by its slug instead). */
export type FilterDimension = Exclude<EventDimension, 'project'>;
export const FILTER_DIMENSIONS: readonly FilterDimension[] = DIMENSIONS.filter((d) => d.filterable && d.name !== 'project').map(
  (d) => d.name as FilterDimension,
);

const byName = Object.fromEntries(DIMENSIONS.map((d) => [d.name, d])) as { [N in EventDimension]: Extract<Dimension, { name: N }> };

export const DIMENSION_LABELS = Object.fromEntries(DIMENSIONS.map((d) => [d.name, d.label])) as Record<EventDimension, string>;
/** The raw-event column behind each dimension ('' in rollups when the event had none). */
export const DIMENSION_COLUMNS = Object.fromEntries(DIMENSIONS.map((d) => [d.name, d.column])) as Record<EventDimension, string>;

export const dimension = <N extends EventDimension>(name: N) => byName[name];
export const isEventDimension = (text: string): text is EventDimension => Object.hasOwn(byName, text);

/** The dimension whose column this is, if any. */
export function dimensionOfColumn(column: string): Dimension | undefined {
  return DIMENSIONS.find((d) => d.column === column);
}

/**
 * Rollup key columns that are not dashboard dimensions (no explorer filter or group): a stored event column
 * ('' in rollups when the event had none), or a band of a numeric one — the number of `bounds` ≤ its value,
 * stored as text (SQL `width_bucket(column, bounds)`; a null value is band 0). Read by the savings rollup.
 */
export const KEY_ONLY_COLUMNS = [
  { column: 'requested_model', field: 'requestedModel' },
  { column: 'routing_tier', field: 'routingTier' },
  /** Long-context price tiers start above 128k, 200k and 272k input tokens: a band never straddles one. */
  { column: 'input_band', field: 'inputTokens', bounds: [128_001, 200_001, 272_001] },
] as const satisfies readonly { column: string; field: string; bounds?: readonly number[] }[];
export type KeyOnlyColumn = (typeof KEY_ONLY_COLUMNS)[number];

export function keyOnlyColumn(column: string): KeyOnlyColumn | undefined {
  return KEY_ONLY_COLUMNS.find((c) => c.column === column);
}

/** Number of ascending `bounds` ≤ value (Postgres `width_bucket(value, bounds)`); null is band 0. */
export function bandOf(value: number | null | undefined, bounds: readonly number[]): number {
  if (value === null || value === undefined) return 0;
  let n = 0;
  while (n < bounds.length && bounds[n]! <= value) n++;
  return n;
}
