/**
 * The measures the rollups keep, declared once: each one's rollup column and what one usage event adds
 * to it. The drizzle columns (db/schema.ts), the write path's sums and the dashboard aggregate's SQL
 * (db/ingest/measure-sql.ts), the re-price deltas (lib/ingest/rollup-deltas.ts) and the test helpers
 * are all generated from these lists. Pure data and arithmetic.
 *
 * A grain may keep more than the core measures (RollupGrain.measures): e.g. a latency histogram
 * (histogramMeasures) or outcome counts on one small grain, read by the views that need them.
 */

/** The stored event fields a measure can read: the event row's property → the column of usage_events. */
export const EVENT_FIELDS = {
  inputTokens: 'input_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheWrite5mTokens: 'cache_write_5m_tokens',
  cacheWrite1hTokens: 'cache_write_1h_tokens',
  outputTokens: 'output_tokens',
  reasoningTokens: 'reasoning_tokens',
  costMicros: 'cost_micros',
  cacheSavingsMicros: 'cache_savings_micros',
  reportedCostMicros: 'reported_cost_micros',
  costMismatch: 'cost_mismatch',
  latencyMs: 'latency_ms',
  ttftMs: 'ttft_ms',
  status: 'status',
  outcomeSuccess: 'outcome_success',
  outcomeScore: 'outcome_score',
} as const;
export type EventField = keyof typeof EVENT_FIELDS;

/** A condition on one event: a null test, a boolean, a half-open numeric range, or a text value among some. */
export type EventTest =
  | { field: EventField; is: 'null' | 'notNull' | 'true' }
  /** from ≤ value < below (either bound optional); a null value is never in a range. */
  | { field: EventField; from?: number; below?: number }
  | { field: EventField; in: readonly string[] }
  | { field: EventField; notIn: readonly string[] };

/** What one event adds to a measure. Every measure is an integer sum, so rollups add and subtract exactly. */
export type Contribution =
  | { kind: 'count' }
  /** The field's value (null adds 0); `scale` turns a real (an outcome score 0..1) into an integer: round(value × scale). */
  | { kind: 'sum'; field: EventField; scale?: number }
  | { kind: 'countIf'; test: EventTest };

export interface Measure {
  /** The name in rollup rows and results (camelCase). */
  key: string;
  /** The rollup column (bigint). */
  column: string;
  adds: Contribution;
  /**
   * Which dashboard queries read it: `spend` every one (charts and rankings read only these), `all` the
   * queries that ask for all measures, `none` no query yet (kept in the rollups for views to come).
   */
  read: 'spend' | 'all' | 'none';
}

/** The measures every rollup (and the session rollup) keeps, in column order. */
export const CORE_MEASURES = [
  { key: 'requests', column: 'requests', adds: { kind: 'count' }, read: 'spend' },
  { key: 'inputTokens', column: 'input_tokens', adds: { kind: 'sum', field: 'inputTokens' }, read: 'all' },
  { key: 'cacheReadTokens', column: 'cache_read_tokens', adds: { kind: 'sum', field: 'cacheReadTokens' }, read: 'all' },
  { key: 'cacheWrite5mTokens', column: 'cache_write_5m_tokens', adds: { kind: 'sum', field: 'cacheWrite5mTokens' }, read: 'none' },
  { key: 'cacheWrite1hTokens', column: 'cache_write_1h_tokens', adds: { kind: 'sum', field: 'cacheWrite1hTokens' }, read: 'none' },
  { key: 'outputTokens', column: 'output_tokens', adds: { kind: 'sum', field: 'outputTokens' }, read: 'all' },
  { key: 'reasoningTokens', column: 'reasoning_tokens', adds: { kind: 'sum', field: 'reasoningTokens' }, read: 'none' },
  /** Over priced events only; unpricedRequests counts the rest (unpriced is never $0). */
  { key: 'costMicros', column: 'cost_micros', adds: { kind: 'sum', field: 'costMicros' }, read: 'spend' },
  { key: 'cacheSavingsMicros', column: 'cache_savings_micros', adds: { kind: 'sum', field: 'cacheSavingsMicros' }, read: 'all' },
  {
    key: 'unpricedRequests',
    column: 'unpriced_requests',
    adds: { kind: 'countIf', test: { field: 'costMicros', is: 'null' } },
    read: 'spend',
  },
  { key: 'reportedCostMicros', column: 'reported_cost_micros', adds: { kind: 'sum', field: 'reportedCostMicros' }, read: 'none' },
  {
    key: 'costMismatches',
    column: 'cost_mismatches',
    adds: { kind: 'countIf', test: { field: 'costMismatch', is: 'true' } },
    read: 'none',
  },
  { key: 'latencyMsSum', column: 'latency_ms_sum', adds: { kind: 'sum', field: 'latencyMs' }, read: 'none' },
] as const satisfies readonly Measure[];

export type CoreMeasure = (typeof CORE_MEASURES)[number];
export type CoreMeasureKey = CoreMeasure['key'];
/** The measures a dashboard query can read. */
export type ReadMeasure = Extract<CoreMeasure, { read: 'spend' | 'all' }>;
export type ReadMeasureKey = ReadMeasure['key'];

/** Sums of the readable measures over some usage (every dashboard figure is one of these). */
export type UsageTotals = Record<ReadMeasureKey, number>;

export const READ_MEASURES: readonly ReadMeasure[] = CORE_MEASURES.filter((m): m is ReadMeasure => m.read !== 'none');
export const SPEND_MEASURES: readonly ReadMeasure[] = READ_MEASURES.filter((m) => m.read === 'spend');

/** The measures a dashboard query reads: `spend` only the spend ones (charts, rankings), otherwise all readable ones. */
export const measuresReadBy = (measures: 'all' | 'spend' | undefined): readonly ReadMeasure[] =>
  measures === 'spend' ? SPEND_MEASURES : READ_MEASURES;

export const ZERO_TOTALS: UsageTotals = Object.freeze(
  Object.fromEntries(READ_MEASURES.map((m) => [m.key, 0])) as UsageTotals,
) as UsageTotals;

/** Sums usage totals (all readable measures). */
export function sumTotals(rows: readonly UsageTotals[]): UsageTotals {
  const out = { ...ZERO_TOTALS };
  for (const r of rows) for (const m of READ_MEASURES) out[m.key] += r[m.key];
  return out;
}

/**
 * Fixed-bucket histogram measures of a numeric field (e.g. latency): one count per bucket, [0, b1),
 * [b1, b2), …, [bn, ∞), plus nothing for null. Percentiles over any rollup rows are then read from the
 * summed bucket counts (to the bucket's resolution), and the buckets add and subtract like any count.
 */
export function histogramMeasures(field: EventField, prefix: string, bounds: readonly number[]): Measure[] {
  if (bounds.some((b, i) => !Number.isInteger(b) || b <= 0 || (i > 0 && b <= bounds[i - 1]!)))
    throw new Error('histogram bounds must be increasing positive integers');
  const edges = [0, ...bounds];
  return edges.map((from, i) => {
    const below = bounds[i];
    const name = below === undefined ? `${from}_up` : `${from}_${below}`;
    return {
      key: `${prefix}_${name}`,
      column: `${prefix}_${name}`,
      adds: { kind: 'countIf', test: below === undefined ? { field, from } : { field, from, below } },
      read: 'none',
    };
  });
}

type FieldValue = string | number | boolean | null | undefined;
/** An event as a measure reads it: any of the EVENT_FIELDS (a missing one reads as null). */
export type MeasuredEvent = Readonly<Partial<Record<EventField, FieldValue>>>;

function holds(test: EventTest, e: MeasuredEvent): boolean {
  const v = e[test.field] ?? null;
  if ('is' in test) return test.is === 'null' ? v === null : test.is === 'notNull' ? v !== null : v === true;
  if ('in' in test) return v !== null && test.in.includes(String(v));
  if ('notIn' in test) return v !== null && !test.notIn.includes(String(v));
  if (typeof v !== 'number') return false;
  return (test.from === undefined || v >= test.from) && (test.below === undefined || v < test.below);
}

/** What one event adds to a measure (the JS twin of db/ingest/measure-sql.ts eventSumSql). */
export function contributionOf(m: Measure, e: MeasuredEvent): number {
  const a = m.adds;
  if (a.kind === 'count') return 1;
  if (a.kind === 'countIf') return holds(a.test, e) ? 1 : 0;
  const v = e[a.field] ?? null;
  if (typeof v !== 'number') return 0;
  return a.scale === undefined ? v : Math.round(v * a.scale);
}

/** Outcome scores are summed as integers: round(score × this). */
export const OUTCOME_SCORE_SCALE = 1_000_000;

/**
 * Observed quality, for the savings rollup (the success rate beside the savings): requests with a success
 * flag, how many succeeded, requests with a score and the scores' sum (× OUTCOME_SCORE_SCALE).
 */
export const OUTCOME_MEASURES = [
  {
    key: 'outcomeSuccessN',
    column: 'outcome_success_n',
    adds: { kind: 'countIf', test: { field: 'outcomeSuccess', is: 'notNull' } },
    read: 'none',
  },
  {
    key: 'outcomeSuccesses',
    column: 'outcome_successes',
    adds: { kind: 'countIf', test: { field: 'outcomeSuccess', is: 'true' } },
    read: 'none',
  },
  {
    key: 'outcomeScoreN',
    column: 'outcome_score_n',
    adds: { kind: 'countIf', test: { field: 'outcomeScore', is: 'notNull' } },
    read: 'none',
  },
  {
    key: 'outcomeScoreSum',
    column: 'outcome_score_sum',
    adds: { kind: 'sum', field: 'outcomeScore', scale: OUTCOME_SCORE_SCALE },
    read: 'none',
  },
] as const satisfies readonly Measure[];
/**
 * Upper bounds (ms) of the latency histogram's buckets: fixed and roughly log-scale (×1.5 to ×2 a step,
 * 1–1.5–2–3–5–7.5 × 10ⁿ, 10 ms to 5 min; the last bucket is open). Fixed bounds make the histogram an
 * integer sum like every other measure: rollups add, subtract and re-sum exactly. A percentile read from it
 * is within its bucket (log-interpolated): at worst a step's width, about ±25 % (docs/adr/0015).
 */
export const LATENCY_BOUNDS_MS = [
  10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 50_000,
  75_000, 100_000, 150_000, 200_000, 300_000,
] as const;

/** The latency histogram's buckets, in bound order (latency_0_10 … latency_300000_up); an event without a latency is in none. */
export const LATENCY_HISTOGRAM = histogramMeasures('latencyMs', 'latency', LATENCY_BOUNDS_MS);

/** Requests whose status is not `ok` (error, cancelled, …): the error rate's numerator. */
export const ERROR_REQUESTS: Measure = {
  key: 'errorRequests',
  column: 'error_requests',
  adds: { kind: 'countIf', test: { field: 'status', notIn: ['ok'] } },
  read: 'none',
};

/**
 * What the latency rollup (usage_hourly_latency) keeps per hour × provider × model: requests, errors, the
 * latency sum (a mean) and the histogram (percentiles). No money: a re-price never changes it.
 */
export const LATENCY_MEASURES: readonly Measure[] = [
  CORE_MEASURES[0], // requests
  ERROR_REQUESTS,
  CORE_MEASURES.find((m) => m.key === 'latencyMsSum')!,
  ...LATENCY_HISTOGRAM,
];
