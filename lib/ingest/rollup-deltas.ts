/**
 * When stored events change (a re-price, a re-tier), the rollups must change by exactly the
 * difference: each old row is taken out of its keys and each new row added to its keys. Pure.
 */
import type { TokenUsage } from '@/lib/pricing/cost';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';
import { ROLLUP_GRAINS, TAG_SET_MAX_TEXT_BYTES, tagMapTextBytes, type RollupGrain } from './rollup-grains';

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
  tags: Record<string, string>;
}

export const MEASURE_NAMES = [
  'requests',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_micros',
  'cache_savings_micros',
  'unpriced_requests',
  'reported_cost_micros',
  'cost_mismatches',
  'latency_ms_sum',
] as const;
export type Measures = Record<(typeof MEASURE_NAMES)[number], number>;

function measuresOf(r: RollupRow, sign: 1 | -1): Measures {
  return {
    requests: sign,
    input_tokens: sign * r.inputTokens,
    cache_read_tokens: sign * r.cacheReadTokens,
    cache_write_5m_tokens: sign * r.cacheWrite5mTokens,
    cache_write_1h_tokens: sign * r.cacheWrite1hTokens,
    output_tokens: sign * r.outputTokens,
    reasoning_tokens: sign * r.reasoningTokens,
    cost_micros: sign * (r.costMicros ?? 0),
    cache_savings_micros: sign * (r.cacheSavingsMicros ?? 0),
    unpriced_requests: r.costMicros === null ? sign : 0,
    reported_cost_micros: sign * (r.reportedCostMicros ?? 0),
    cost_mismatches: r.costMismatch ? sign : 0,
    latency_ms_sum: sign * (r.latencyMs ?? 0),
  };
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
  for (const name of MEASURE_NAMES) current.measures[name] += m[name];
}

/** A tag map as JSON with its keys sorted: one text per map, as jsonb compares them (key order ignored). */
function canonicalJson(tags: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The value of one key column of a (non-tag) grain, as the write path stores it ('' when missing). */
function column(r: RollupRow, name: string): string {
  const values: Record<string, string | null> = {
    mode: r.mode,
    task: r.task,
    provider: r.provider,
    model: r.model,
    tier: r.tier,
    status: r.status,
    routing_rule_id: r.routingRuleId,
    user_id: r.userId,
    tags: canonicalJson(r.tags),
  };
  if (!(name in values)) throw new Error(`rollup column ${name} has no value in RollupRow`);
  return values[name] ?? '';
}

/** The grain keys one event adds to (a day grain: the local day of the event's UTC hour). */
function keysOf(grain: RollupGrain, r: RollupRow, timeZone: string): string[][] {
  const hour = utcHour(r.occurredAt);
  const head = [r.projectId, grain.bucket === 'hour' ? hour : formatCalendarDate(localDate(new Date(hour), timeZone))];
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
export function rollupDeltas(before: readonly RollupRow[], after: readonly RollupRow[], timeZone: string): RollupDeltas {
  const deltas: RollupDeltas = { grains: new Map(ROLLUP_GRAINS.map((g) => [g, new Map()])), sessions: new Map() };
  const apply = (r: RollupRow, sign: 1 | -1) => {
    const m = measuresOf(r, sign);
    for (const [grain, map] of deltas.grains) for (const key of keysOf(grain, r, timeZone)) add(map, key, m);
    if (r.sessionId !== null) add(deltas.sessions, [r.projectId, r.sessionId], m);
  };
  for (const r of before) apply(r, -1);
  for (const r of after) apply(r, 1);
  for (const map of [...deltas.grains.values(), deltas.sessions]) {
    for (const [k, v] of map) if (MEASURE_NAMES.every((n) => v.measures[n] === 0)) map.delete(k);
  }
  return deltas;
}
