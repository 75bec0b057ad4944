/**
 * When stored events change (a re-price, a re-tier), the rollups must change by exactly the
 * difference: each old row is taken out of its keys and each new row added to its keys. Pure.
 */
import type { TokenUsage } from '@/lib/pricing/cost';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';
import { bandOf, dimensionOfColumn, keyOnlyColumn } from '@/lib/usage/dimensions';
import { CORE_MEASURES, contributionOf, type Measure } from '@/lib/usage/measures';
import { ROLLUP_GRAINS, TAG_SET_MAX_TEXT_BYTES, tagMapTextBytes, type RollupGrain } from './rollup-grains';

/** A stored event as the rollups see it (any measure field it lacks reads as null). */
export interface RollupRow extends TokenUsage {
  projectId: string;
  occurredAt: Date;
  mode: string | null;
  task: string | null;
  userId: string | null;
  sessionId: string | null;
  provider: string;
  model: string;
  tier: string;
  status: string;
  routingRuleId: string | null;
  costMicros: number | null;
  cacheSavingsMicros: number | null;
  reportedCostMicros: number | null;
  costMismatch: boolean;
  latencyMs: number | null;
  ttftMs?: number | null;
  outcomeSuccess?: boolean | null;
  outcomeScore?: number | null;
  /** Read by the savings grain's key (KEY_ONLY_COLUMNS); a missing one counts as none. */
  requestedModel?: string | null;
  routingTier?: string | null;
  tags: Record<string, string>;
}

/** Per measure column, the amount added (negative: taken out). */
export type Measures = Record<string, number>;

/** The measures the session rollup keeps. */
export const SESSION_MEASURES: readonly Measure[] = CORE_MEASURES;

function measuresOf(measures: readonly Measure[], r: RollupRow, sign: 1 | -1): Measures {
  const out: Measures = {};
  for (const m of measures) out[m.column] = sign * contributionOf(m, r);
  return out;
}

function utcHour(d: Date): string {
  const h = new Date(d);
  h.setUTCMinutes(0, 0, 0);
  return h.toISOString();
}

export type DeltaMap = Map<string, { key: string[]; measures: Measures }>;

export interface RollupDeltas {
  /** Per grain of ROLLUP_GRAINS: key = project, bucket, then the grain's key columns. */
  grains: Map<RollupGrain, DeltaMap>;
  /** key: project, session */
  sessions: DeltaMap;
}

function add(map: DeltaMap, key: string[], m: Measures) {
  const k = key.join('\u0000');
  const current = map.get(k);
  if (!current) {
    map.set(k, { key, measures: { ...m } });
    return;
  }
  for (const name of Object.keys(m)) current.measures[name]! += m[name]!;
}

/** A tag map as JSON with its keys sorted: one text per map, as jsonb compares them (key order ignored). */
function canonicalJson(tags: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The value of one key column of a (non-per-tag) grain, as the write path stores it ('' when missing). */
function column(r: RollupRow, name: string): string {
  if (name === 'tags') return canonicalJson(r.tags);
  const keyOnly = keyOnlyColumn(name);
  if (keyOnly) {
    const value = r[keyOnly.field];
    return 'bounds' in keyOnly ? String(bandOf(value as number | null, keyOnly.bounds)) : ((value as string | null | undefined) ?? '');
  }
  const dimension = dimensionOfColumn(name);
  if (!dimension) throw new Error(`rollup column ${name} has no value in RollupRow`);
  return (r[dimension.field] as string | null) ?? '';
}

/**
 * The zone day grains bucket in: the organisation's, or during a zone change, `previous` for the hours before
 * `before` (the change's cutover, db/ingest/write-events.ts does the same in SQL).
 */
export type DayZone = string | { zone: string; previous: string; before: Date };

export const zoneOfHour = (dayZone: DayZone, hour: Date): string =>
  typeof dayZone === 'string' ? dayZone : hour.getTime() < dayZone.before.getTime() ? dayZone.previous : dayZone.zone;

/** The grain keys one event adds to (a day grain: the local day of the event's UTC hour). */
function keysOf(grain: RollupGrain, r: RollupRow, timeZone: DayZone): string[][] {
  const hour = utcHour(r.occurredAt);
  const day = () => formatCalendarDate(localDate(new Date(hour), zoneOfHour(timeZone, new Date(hour))));
  const head = [r.projectId, grain.bucket === 'hour' ? hour : day()];
  if (grain.tags === 'set' && tagMapTextBytes(r.tags) > TAG_SET_MAX_TEXT_BYTES) return []; // left out of the grain, as in SQL
  if (grain.tags !== 'perTag') return [[...head, ...grain.keyColumns.map((c) => column(r, c))]];
  // A per-tag grain's key: tag_key, tag_value, then its other columns — one key per tag of the event.
  const rest = grain.keyColumns.slice(2).map((c) => column(r, c));
  return Object.entries(r.tags).map(([k, v]) => [...head, k, v, ...rest]);
}

/**
 * Deltas that turn the rollups of `before` into those of `after` (same events, changed values); day
 * grains in `timeZone`, the organisation's zone (read while the daily rollup is locked).
 */
export function rollupDeltas(
  before: readonly RollupRow[],
  after: readonly RollupRow[],
  timeZone: DayZone,
  grains: readonly RollupGrain[] = ROLLUP_GRAINS,
): RollupDeltas {
  const deltas: RollupDeltas = { grains: new Map(grains.map((g) => [g, new Map()])), sessions: new Map() };
  const apply = (r: RollupRow, sign: 1 | -1) => {
    for (const [grain, map] of deltas.grains) {
      const keys = keysOf(grain, r, timeZone);
      if (keys.length === 0) continue;
      const m = measuresOf(grain.measures, r, sign);
      for (const key of keys) add(map, key, m);
    }
    if (r.sessionId !== null) add(deltas.sessions, [r.projectId, r.sessionId], measuresOf(SESSION_MEASURES, r, sign));
  };
  for (const r of before) apply(r, -1);
  for (const r of after) apply(r, 1);
  for (const map of [...deltas.grains.values(), deltas.sessions]) {
    for (const [k, v] of map) if (Object.values(v.measures).every((n) => n === 0)) map.delete(k);
  }
  return deltas;
}
