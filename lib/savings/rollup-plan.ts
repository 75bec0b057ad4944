/**
 * Savings from the savings rollup (ADR 0013): the rollup keeps local days, so the report's grouping plan
 * slices time at local midnights only — month starts (the report's months), the day a routing change takes
 * effect (before/after), and the first midnight at or after each price change. Input classes are the rollup's
 * fixed long-context bands. What that cannot hold exactly is stated as a note beside the figures, never hidden.
 */
import type { Pricer, PricingConfig } from '@/lib/pricing/pricer';
import type { Price } from '@/lib/pricing/price-table';
import type { GroupingPlan } from '@/lib/simulation/group';
import { priceChangeInstants } from '@/lib/simulation/price-epochs';
import type { ModelRef, ReplayRow } from '@/lib/simulation/types';
import { addDays, addMonths, formatCalendarDate, localDate, parseCalendarDate, startOfLocalDay } from '@/lib/time/zoned';
import { KEY_ONLY_COLUMNS } from '@/lib/usage/dimensions';
import { OUTCOME_SCORE_SCALE } from '@/lib/usage/measures';

/** The input-token bounds of the rollup's `input_band` column: band k = k bounds ≤ the input. */
export const INPUT_BAND_BOUNDS: readonly number[] = KEY_ONLY_COLUMNS.find((c) => c.column === 'input_band')!.bounds;

export interface SavingsPlan {
  plan: GroupingPlan;
  /** Local day of each slice's start, by slice (index 0 unused): the rollup's days map to slices by these. */
  sliceStartDays: string[];
  /** The routing change's bound (a local midnight), when one was asked for and falls inside the period. */
  changeAt: Date | null;
  notes: string[];
}

const nextMidnight = (at: Date, timeZone: string): Date => {
  const day = localDate(at, timeZone);
  const start = startOfLocalDay(day, timeZone);
  return start.getTime() === at.getTime() ? start : startOfLocalDay(addDays(day, 1), timeZone);
};

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'cacheWrite', 'reasoning'] as const;

/** The plan for local days [fromDay, toDay) in `timeZone`, pricing the given models (baseline and served). */
export function savingsPlan(input: {
  fromDay: string;
  toDay: string;
  timeZone: string;
  pricer: Pricer;
  pricing: PricingConfig;
  models: readonly ModelRef[];
  changeAt?: Date | null;
}): SavingsPlan {
  const { timeZone } = input;
  const fromDate = parseCalendarDate(input.fromDay);
  const toDate = parseCalendarDate(input.toDay);
  if (!fromDate || !toDate) throw new RangeError('savingsPlan: days must be YYYY-MM-DD');
  const from = startOfLocalDay(fromDate, timeZone);
  const to = startOfLocalDay(toDate, timeZone);
  if (!(from.getTime() < to.getTime())) throw new RangeError('savingsPlan: the period is empty');
  const notes: string[] = [];
  const bounds = new Set<number>();
  for (let m = addMonths({ ...fromDate, day: 1 }, 1); ; m = addMonths(m, 1)) {
    const t = startOfLocalDay(m, timeZone).getTime();
    if (t >= to.getTime()) break;
    bounds.add(t);
  }
  let changeAt: Date | null = null;
  if (input.changeAt && input.changeAt > from && input.changeAt < to) {
    changeAt = nextMidnight(input.changeAt, timeZone);
    if (changeAt.getTime() !== input.changeAt.getTime())
      notes.push(
        `The routing change took effect during ${formatCalendarDate(localDate(input.changeAt, timeZone))}; "after" starts the next day.`,
      );
    if (changeAt < to) bounds.add(changeAt.getTime());
    else changeAt = null;
  }
  for (const change of priceChangeInstants({ pricer: input.pricer, pricing: input.pricing, models: input.models, from, to })) {
    const at = nextMidnight(change, timeZone);
    if (at.getTime() !== change.getTime())
      notes.push(`A price changed during ${formatCalendarDate(localDate(change, timeZone))}: that day is priced at the earlier price.`);
    if (at < to) bounds.add(at.getTime());
  }
  const timeBounds = [
    from.getTime(),
    ...[...bounds].filter((t) => t > from.getTime() && t < to.getTime()).sort((a, b) => a - b),
    to.getTime(),
  ].map((t) => new Date(t));
  const sliceStartDays = ['', ...timeBounds.slice(0, -1).map((d) => formatCalendarDate(localDate(d, timeZone)))];

  // A long-context threshold the bands do not hold makes some requests priced at their band's lower tier.
  const bandSet = new Set(INPUT_BAND_BOUNDS);
  const stray = new Set<string>();
  for (const start of timeBounds.slice(0, -1))
    for (const m of input.models) {
      const table = input.pricer.priceTableAt(m.provider, m.model, start)?.table;
      if (!table) continue;
      for (const field of PRICE_FIELDS) {
        const price: Price | undefined = table[field];
        if (price !== undefined && typeof price !== 'number')
          for (const tier of price.tiers) if (!bandSet.has(tier.start + 1)) stray.add(`${m.provider}/${m.model} above ${tier.start}`);
      }
    }
  for (const s of [...stray].sort())
    notes.push(`Long-context price ${s} input tokens falls inside a rollup band: those requests are priced at the band's lower tier.`);

  const plan: GroupingPlan = {
    from,
    to,
    timeZone,
    timeBounds,
    sliceDays: sliceStartDays,
    inputTokenBounds: [...INPUT_BAND_BOUNDS],
    keys: { project: true, user: false, tags: [] },
  };
  return { plan, sliceStartDays, changeAt, notes };
}

/** One row of the savings rollup summed over a slice (db/queries/savings.ts): '' means none, as stored. */
export interface SavingsRollupRow {
  slice: number;
  project: string;
  mode: string;
  task: string;
  provider: string;
  model: string;
  tier: string;
  routingRuleId: string;
  requestedModel: string;
  routingTier: string;
  inputBand: number;
  requests: number;
  unpricedRequests: number;
  costMicros: number;
  cacheSavingsMicros: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  outcomeSuccessN: number;
  outcomeSuccesses: number;
  outcomeScoreN: number;
  outcomeScoreSum: number;
}

const orNull = (s: string) => (s === '' ? null : s);

/**
 * A rollup row as a replay group. The rollup keeps no user or tags (rules testing them see none) and no
 * sums of squared scores, so score intervals are not given from it: the report's quality is the success rate.
 */
export function replayRowOf(r: SavingsRollupRow): ReplayRow {
  return {
    mode: orNull(r.mode),
    task: orNull(r.task),
    project: r.project,
    user: null,
    tags: {},
    requestedModel: orNull(r.requestedModel),
    inputClass: r.inputBand,
    timeSlice: r.slice,
    provider: r.provider,
    model: r.model,
    tier: r.tier,
    routing: { ruleId: orNull(r.routingRuleId), tier: orNull(r.routingTier) },
    sessionId: null,
    requests: r.requests,
    pricedRequests: r.requests - r.unpricedRequests,
    costMicros: r.costMicros,
    cacheSavingsMicros: r.cacheSavingsMicros,
    tokens: {
      inputTokens: r.inputTokens,
      cacheReadTokens: r.cacheReadTokens,
      cacheWrite5mTokens: r.cacheWrite5mTokens,
      cacheWrite1hTokens: r.cacheWrite1hTokens,
      outputTokens: r.outputTokens,
      reasoningTokens: r.reasoningTokens,
    },
    outcomes: {
      successN: r.outcomeSuccessN,
      successes: r.outcomeSuccesses,
      scoreN: 0,
      scoreSum: r.outcomeScoreSum / OUTCOME_SCORE_SCALE,
      scoreSumOfSquares: 0,
    },
  };
}

/**
 * How a report reads each local month its period [fromDay, toDay) touches: `month` — the month grain's row
 * (the period covers the month and one slice holds it); `days` — the day rows of [lo, hi), summed (a slice starts
 * inside the month); `either` — the month row when the month's days outside [lo, hi) hold no rows, else the days.
 * Months are always slice bounds, so each slice lies inside one month. Day strings are `YYYY-MM-DD`.
 */
export interface MonthPart {
  month: string;
  lo: string;
  hi: string;
  how: 'month' | 'days' | 'either';
  /** The month's days outside [lo, hi), as day ranges (for `either`). */
  outside: { from: string; to: string }[];
}

export function monthParts(fromDay: string, toDay: string, cutDays: readonly string[] = []): MonthPart[] {
  const from = parseCalendarDate(fromDay);
  const to = parseCalendarDate(toDay);
  if (!from || !to) throw new RangeError('monthParts: days must be YYYY-MM-DD');
  const parts: MonthPart[] = [];
  for (let m = { ...from, day: 1 }; formatCalendarDate(m) < toDay; m = addMonths(m, 1)) {
    const month = formatCalendarDate(m);
    const next = formatCalendarDate(addMonths(m, 1));
    const lo = month > fromDay ? month : fromDay;
    const hi = next < toDay ? next : toDay;
    const outside = [...(lo > month ? [{ from: month, to: lo }] : []), ...(hi < next ? [{ from: hi, to: next }] : [])];
    const cut = cutDays.some((d) => d > lo && d < hi);
    parts.push({ month, lo, hi, how: cut ? 'days' : outside.length === 0 ? 'month' : 'either', outside });
  }
  return parts;
}
