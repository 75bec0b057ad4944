/**
 * The grouping key of a replay (ADR 0008). Requests in one group are evaluated and priced alike by
 * every candidate: the same features the evaluator tests, the same input-token class (no rule range
 * and no long-context threshold falls inside a class), the same time slice (no price change and no local
 * midnight falls inside a slice), the same served model and recorded routing. The data layer groups with
 * `width_bucket(input_tokens, inputTokenBounds)` and `width_bucket(occurred_at, timeBounds)`;
 * `groupRequests` is the same grouping in memory, the reference the tests hold the SQL to.
 */
import type { Pricer, PricingConfig } from '@/lib/pricing/pricer';
import type { Price, PriceTable } from '@/lib/pricing/price-table';
import { addDays, formatCalendarDate, localDate, startOfLocalDay } from '@/lib/time/zoned';
import { priceChangeInstants } from './price-epochs';
import type { CandidateShape, ModelRef, RecordedRequest, ReplayRow } from './types';

export interface GroupingPlan {
  from: Date;
  to: Date;
  timeZone: string;
  /** Ascending, `from` first and `to` last: local midnights, price changes and requested split instants. */
  timeBounds: Date[];
  /** Local day (`YYYY-MM-DD`) of each slice, by slice number (index 0 unused: before the period). */
  sliceDays: string[];
  /** Ascending token counts > 0; class k holds inputs with exactly k bounds ≤ them. */
  inputTokenBounds: number[];
  /**
   * Optional features in the key (mode, task and requested model always are): a feature no candidate tests
   * is grouped across and left null (tags: only these keys, or every tag when `all`).
   */
  keys: GroupingKeys;
}

export interface GroupingKeys {
  project: boolean;
  user: boolean;
  tags: 'all' | readonly string[];
}

function groupingKeys(candidates: readonly CandidateShape[], keep: Partial<GroupingKeys>): GroupingKeys {
  const tested = candidates.map((c) => c.tests);
  const every = tested.some((t) => t === undefined) || keep.tags === 'all';
  const tagKeys = new Set<string>([...(Array.isArray(keep.tags) ? keep.tags : []), ...tested.flatMap((t) => t?.tagKeys ?? [])]);
  return {
    project: keep.project === true || tested.some((t) => t === undefined || t.project),
    user: keep.user === true || tested.some((t) => t === undefined || t.user),
    tags: every ? 'all' : [...tagKeys].sort(),
  };
}

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'cacheWrite', 'reasoning'] as const;

function thresholdBounds(table: PriceTable, out: Set<number>): void {
  for (const field of PRICE_FIELDS) {
    const price: Price | undefined = table[field];
    // A tier applies when input tokens exceed its start: the class changes at start + 1.
    if (price !== undefined && typeof price !== 'number') for (const tier of price.tiers) out.add(tier.start + 1);
  }
}

function rangeBounds(candidate: CandidateShape, out: Set<number>): void {
  // [min, max): a bound at each end. Otherwise both b and b + 1, so a range decides alike inside a class whether
  // its ends are inclusive or exclusive.
  for (const range of candidate.inputTokenRanges)
    for (const b of [range.min, range.max])
      if (b !== null && b !== undefined && Number.isFinite(b)) {
        out.add(b);
        if (!candidate.halfOpen) out.add(b + 1);
      }
}

/** Local midnights strictly inside (from, to), in the organisation's zone. */
function localMidnights(from: Date, to: Date, timeZone: string): number[] {
  const out: number[] = [];
  for (let day = addDays(localDate(from, timeZone), 1); ; day = addDays(day, 1)) {
    const t = startOfLocalDay(day, timeZone).getTime();
    if (t >= to.getTime()) return out;
    if (t > from.getTime()) out.push(t);
  }
}

/**
 * The boundaries to group by, for a set of candidate documents. `models`: every other model priced in the
 * replay (served models, baselines), so a price change of any of them starts a slice.
 */
export function groupingBoundaries(input: {
  period: { from: Date; to: Date };
  timeZone: string;
  candidates: readonly CandidateShape[];
  models?: readonly ModelRef[];
  pricer: Pricer;
  pricing: PricingConfig;
  /** Extra instants to split at (a routing change's date, for before/after averages). */
  splitAt?: readonly Date[];
  /** Features to keep in the key even if no candidate tests them (savings by project). */
  keep?: Partial<GroupingKeys>;
}): GroupingPlan {
  const { from, to } = input.period;
  if (!(from.getTime() < to.getTime())) throw new RangeError('groupingBoundaries: the period is empty');
  const models = uniqueModels([...input.candidates.flatMap((c) => c.models), ...(input.models ?? [])]);
  const changes = priceChangeInstants({ pricer: input.pricer, pricing: input.pricing, models, from, to });
  const inner = new Set<number>([
    ...localMidnights(from, to, input.timeZone),
    ...changes.map((d) => d.getTime()),
    ...(input.splitAt ?? []).map((d) => d.getTime()).filter((t) => t > from.getTime() && t < to.getTime()),
  ]);
  const timeBounds = [from.getTime(), ...[...inner].sort((a, b) => a - b), to.getTime()].map((t) => new Date(t));
  const sliceDays = ['', ...timeBounds.slice(0, -1).map((d) => formatCalendarDate(localDate(d, input.timeZone)))];

  const tokenBounds = new Set<number>();
  for (const c of input.candidates) rangeBounds(c, tokenBounds);
  // Every table in force in some slice: its long-context thresholds.
  for (const start of timeBounds.slice(0, -1))
    for (const m of models) {
      const priced = input.pricer.priceTableAt(m.provider, m.model, start);
      if (priced) thresholdBounds(priced.table, tokenBounds);
    }
  const inputTokenBounds = [...tokenBounds].filter((b) => b > 0).sort((a, b) => a - b);
  const keys = groupingKeys(input.candidates, input.keep ?? {});
  return { from, to, timeZone: input.timeZone, timeBounds, sliceDays, inputTokenBounds, keys };
}

export function uniqueModels(models: readonly ModelRef[]): ModelRef[] {
  const seen = new Map<string, ModelRef>();
  for (const m of models) seen.set(modelKey(m), m);
  return [...seen.values()];
}

const modelKeys = new Map<string, Map<string, string>>();

/** The one spelling of a model as a key: `provider/model`, lower-cased (the pricer matches case-blind). Interned. */
export function modelKey(m: ModelRef): string {
  let byModel = modelKeys.get(m.provider);
  if (!byModel) modelKeys.set(m.provider, (byModel = new Map()));
  let key = byModel.get(m.model);
  if (key === undefined) byModel.set(m.model, (key = `${m.provider}/${m.model}`.toLowerCase()));
  return key;
}

/** Number of ascending `bounds` ≤ value: Postgres `width_bucket(value, bounds)`. */
export function bucketOf(value: number, bounds: readonly number[]): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function inputClassOf(plan: GroupingPlan, inputTokens: number): number {
  return bucketOf(inputTokens, plan.inputTokenBounds);
}

/** A valid slice is 1 … timeBounds.length − 1; 0 is before the period, timeBounds.length at or after its end. */
export function timeSliceOf(plan: GroupingPlan, at: Date): number {
  let lo = 0;
  let hi = plan.timeBounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (plan.timeBounds[mid]!.getTime() <= at.getTime()) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Input tokens of the smallest request a class can hold: every request of the class decides like it. */
export function classInputTokens(plan: GroupingPlan, inputClass: number): number {
  return inputClass === 0 ? 0 : plan.inputTokenBounds[inputClass - 1]!;
}

/** The first instant of a slice: the prices in force then are in force for the whole slice. */
export function sliceStart(plan: GroupingPlan, slice: number): Date {
  return plan.timeBounds[slice - 1]!;
}

export function isValidSlice(plan: GroupingPlan, slice: number): boolean {
  return Number.isInteger(slice) && slice >= 1 && slice < plan.timeBounds.length;
}

export function isValidClass(plan: GroupingPlan, inputClass: number): boolean {
  return Number.isInteger(inputClass) && inputClass >= 0 && inputClass <= plan.inputTokenBounds.length;
}

/** The tags a row keeps: the plan's keys only (or all), in one canonical order. */
export function keptTags(tags: Readonly<Record<string, string>>, keys: GroupingKeys['tags']): Record<string, string> {
  const names = (keys === 'all' ? Object.keys(tags) : keys.filter((k) => k in tags)).sort();
  return Object.fromEntries(names.map((k) => [k, tags[k]!]));
}

/**
 * The grouping in memory: what the data layer's GROUP BY computes. Requests outside the plan's period
 * are left out. With `bySession`, the session is part of the key (the sessions widget needs it).
 */
export function groupRequests(requests: Iterable<RecordedRequest>, plan: GroupingPlan, opts: { bySession?: boolean } = {}): ReplayRow[] {
  const groups = new Map<string, ReplayRow>();
  for (const r of requests) {
    const timeSlice = timeSliceOf(plan, r.at);
    if (!isValidSlice(plan, timeSlice)) continue;
    const inputClass = inputClassOf(plan, r.tokens.inputTokens);
    const sessionId = opts.bySession ? r.sessionId : null;
    const project = plan.keys.project ? r.project : null;
    const user = plan.keys.user ? r.user : null;
    const tags = keptTags(r.tags, plan.keys.tags);
    const key = JSON.stringify([
      r.mode,
      r.task,
      project,
      user,
      tags,
      r.requestedModel,
      inputClass,
      timeSlice,
      r.provider,
      r.model,
      r.tier,
      r.routing.ruleId,
      r.routing.tier,
      sessionId,
    ]);
    let g = groups.get(key);
    if (!g) {
      g = {
        mode: r.mode,
        task: r.task,
        project,
        user,
        tags,
        requestedModel: r.requestedModel,
        inputClass,
        timeSlice,
        provider: r.provider,
        model: r.model,
        tier: r.tier,
        routing: { ruleId: r.routing.ruleId, tier: r.routing.tier },
        sessionId,
        requests: 0,
        pricedRequests: 0,
        costMicros: 0,
        cacheSavingsMicros: 0,
        tokens: { inputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 0, reasoningTokens: 0 },
        outcomes: { successN: 0, successes: 0, scoreN: 0, scoreSum: 0, scoreSumOfSquares: 0 },
      };
      groups.set(key, g);
    }
    g.requests += 1;
    if (r.costMicros !== null) {
      g.pricedRequests += 1;
      g.costMicros += r.costMicros;
    }
    g.cacheSavingsMicros += r.cacheSavingsMicros ?? 0;
    for (const k of Object.keys(g.tokens) as (keyof typeof g.tokens)[]) g.tokens[k] += r.tokens[k];
    if (r.outcomeSuccess !== null) {
      g.outcomes.successN += 1;
      if (r.outcomeSuccess) g.outcomes.successes += 1;
    }
    if (r.outcomeScore !== null) {
      g.outcomes.scoreN += 1;
      g.outcomes.scoreSum += r.outcomeScore;
      g.outcomes.scoreSumOfSquares += r.outcomeScore * r.outcomeScore;
    }
  }
  return [...groups.values()];
}
