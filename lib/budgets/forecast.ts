/**
 * Forecast of a calendar budget period: the projected spend at period end and the local day it reaches 100 %.
 *
 * Method (shown to users by `description`):
 * - the daily rate is the mean spend of the last 7 complete local days before today, crossing the period's start
 *   when needed (day 2 of a month still has a week of evidence) — the Overview's month-end projection uses the
 *   same rate (lib/usage/projection.ts), so the two never disagree; fewer days when less history is recorded
 *   (`dataSince`); with no complete day yet, today's pace (today's spend ÷ the part of today gone), once at least
 *   an hour has passed; otherwise no forecast;
 * - today's partial spend counts as spent but not in the rate: a half day would bias the rate by its hours
 *   (traffic follows working hours); the rest of today counts as its fraction of the local day (23 or 25 hours
 *   on DST days), every later day of the period as one day;
 * - projected = spend so far + rate × days left; the 100 % day is found exactly in integers (no float drift).
 * Rolling windows have no forecast (their end is always now). `series` gives a burn-down chart: cumulative actual
 * spend per local day up to today, the projection from today's spend so far to the period's last day, and the
 * threshold lines. `shouldAlertForecast` decides the "will exceed" alert; the ledger keeps it once per period.
 * Pure.
 */
import { formatMicros } from '@/lib/format';
import { addDays, type CalendarDate, compareDates, formatCalendarDate, localDate } from '@/lib/time/zoned';
import { type BudgetPeriod, floorHour, localDayBounds, periodDays } from './periods';
import type { BudgetStatus } from './state';

export const RATE_DAYS = 7;
/** Evidence a "will exceed" alert needs: complete days behind the rate. */
export const FORECAST_ALERT_MIN_DAYS = 3;

export interface ForecastInput {
  period: BudgetPeriod;
  timeZone: string;
  now: Date;
  amountMicros: number;
  thresholds: readonly number[];
  /** Spend per local day ('YYYY-MM-DD' → micro-dollars) for the period's days up to today and the 7 days before today. Missing = 0. */
  dailySpend: Readonly<Record<string, number>>;
  /** The first local day with any recorded usage; earlier days are unknown, not zero. null: nothing recorded yet. */
  dataSince: CalendarDate | null;
}

export type ForecastMethod = 'trailing_days' | 'today_pace' | 'period_ended' | 'none';

export interface BurnDownPoint {
  day: string;
  /** Cumulative spend of the period through this day (today: so far); null for days ahead. */
  actualMicros: number | null;
  /** Projected cumulative spend at the end of this day, from today on (today: the spend so far); null before today. */
  projectedMicros: number | null;
}

export interface Forecast {
  method: ForecastMethod;
  spentMicros: number;
  /** Rounded; null without a rate. */
  dailyRateMicros: number | null;
  /** Complete days behind the rate (0 for today's pace or no forecast). */
  basisDays: number;
  /** Local days left, today's remainder included (e.g. 9.6). */
  daysLeft: number;
  projectedMicros: number | null;
  /** The local day spend reaches 100 %: a past day when already exceeded, a coming one when projected, else null. */
  exceedsOn: CalendarDate | null;
  exceedsOnText: string | null;
  description: string;
  series: BurnDownPoint[];
  thresholdLines: Array<{ percent: number; micros: number }>;
}

const big = (n: number) => BigInt(Math.round(n));
/** a / b rounded half up, for non-negative BigInts. */
const divRound = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const shortDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
export const formatShortDay = (d: CalendarDate) => shortDay.format(new Date(Date.UTC(d.year, d.month - 1, d.day)));

export function forecastBudget(input: ForecastInput): Forecast | null {
  const { period, timeZone, now, amountMicros } = input;
  if (period.kind === 'rolling') return null;
  const days = periodDays(period);
  const spendOf = (d: CalendarDate) => input.dailySpend[formatCalendarDate(d)] ?? 0;
  const ended = now.getTime() >= period.end.getTime();
  const today = ended ? period.lastDay : localDate(floorHour(now), timeZone);

  // Cumulative actual through today.
  const series: BurnDownPoint[] = [];
  let cumulative = 0;
  let crossedOn: CalendarDate | null = null;
  for (const d of days) {
    const future = compareDates(d, today) > 0;
    if (!future) cumulative += spendOf(d);
    if (!future && crossedOn === null && cumulative >= amountMicros) crossedOn = d;
    series.push({ day: formatCalendarDate(d), actualMicros: future ? null : cumulative, projectedMicros: null });
  }
  const spent = cumulative;
  const thresholdLines = input.thresholds.map((percent) => ({ percent, micros: Number(divRound(big(percent) * big(amountMicros), 100n)) }));
  const base = { spentMicros: spent, series, thresholdLines };

  if (ended) {
    return {
      ...base,
      method: 'period_ended',
      dailyRateMicros: null,
      basisDays: 0,
      daysLeft: 0,
      projectedMicros: spent,
      exceedsOn: crossedOn,
      exceedsOnText: crossedOn && formatShortDay(crossedOn),
      description: 'The period has ended: this is its final spend.',
    };
  }

  // The rate as an exact fraction rateNum / rateDen micro-dollars per day.
  const todayBounds = localDayBounds(today, timeZone);
  const dayMs = BigInt(todayBounds.end.getTime() - todayBounds.start.getTime());
  const leftMs = BigInt(Math.max(0, todayBounds.end.getTime() - now.getTime()));
  const wholeDaysAfter = BigInt(days.filter((d) => compareDates(d, today) > 0).length);
  const daysLeft = Number((leftMs * 10n) / dayMs + wholeDaysAfter * 10n) / 10; // tenths, truncated
  const basis = Array.from({ length: RATE_DAYS }, (_, i) => addDays(today, -(i + 1))).filter(
    (d) => input.dataSince !== null && compareDates(d, input.dataSince) >= 0,
  );
  let rateNum: bigint;
  let rateDen: bigint;
  let method: ForecastMethod;
  const elapsedMs = dayMs - leftMs;
  if (basis.length > 0) {
    rateNum = big(basis.reduce((sum, d) => sum + spendOf(d), 0));
    rateDen = BigInt(basis.length);
    method = 'trailing_days';
  } else if (input.dataSince !== null && elapsedMs >= 3_600_000n) {
    rateNum = big(spendOf(today)) * dayMs;
    rateDen = elapsedMs;
    method = 'today_pace';
  } else {
    return {
      ...base,
      method: 'none',
      dailyRateMicros: null,
      basisDays: 0,
      daysLeft,
      projectedMicros: null,
      exceedsOn: crossedOn,
      exceedsOnText: crossedOn && formatShortDay(crossedOn),
      description: 'No forecast yet: less than an hour of usage is recorded.',
    };
  }

  // Projection at the end of day k after today (k = 0: end of today): spent + rate × (left/day + k).
  const projectedAt = (k: bigint) => spent + Number(divRound(rateNum * (leftMs + k * dayMs), rateDen * dayMs));
  series.forEach((p, i) => {
    const c = compareDates(days[i]!, today);
    if (c === 0) p.projectedMicros = spent;
    else if (c > 0) p.projectedMicros = projectedAt(BigInt(dayIndex(days[i]!, today)));
  });
  const projected = projectedAt(wholeDaysAfter);

  let exceedsOn = crossedOn;
  if (exceedsOn === null && rateNum > 0n) {
    // Smallest k ≥ 0 with rate × (left/day + k) ≥ need, solved in integers.
    const need = big(amountMicros - spent) * rateDen * dayMs;
    const byTodayEnd = rateNum * leftMs;
    const k = need <= byTodayEnd ? 0n : ceilDiv(need - byTodayEnd, rateNum * dayMs);
    if (k <= wholeDaysAfter) exceedsOn = addDays(today, Number(k));
  }
  const rate = Number(divRound(rateNum, rateDen));
  return {
    ...base,
    method,
    dailyRateMicros: rate,
    basisDays: method === 'trailing_days' ? basis.length : 0,
    daysLeft,
    projectedMicros: projected,
    exceedsOn,
    exceedsOnText: exceedsOn && formatShortDay(exceedsOn),
    description: describeMethod(method, rate, basis, daysLeft, Number(elapsedMs) / 3_600_000),
  };
}

function dayIndex(d: CalendarDate, from: CalendarDate): number {
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

function describeMethod(method: ForecastMethod, rate: number, basis: CalendarDate[], daysLeft: number, hoursToday: number): string {
  const left = `for the ${daysLeft.toLocaleString('en-US', { maximumFractionDigits: 1 })} days left`;
  if (method === 'today_pace') {
    return (
      `Spend so far plus today's pace, ${formatMicros(rate)} a day (today's spend over its first ` +
      `${hoursToday.toFixed(1)} hours; no complete day is recorded yet), ${left}.`
    );
  }
  const oldest = basis.at(-1)!;
  const newest = basis[0]!;
  const which =
    basis.length === RATE_DAYS
      ? `the last ${RATE_DAYS} complete days`
      : `the ${basis.length} complete day${basis.length === 1 ? '' : 's'} recorded`;
  const range = basis.length === 1 ? formatShortDay(newest) : `${formatShortDay(oldest)} – ${formatShortDay(newest)}`;
  return (
    `Spend so far plus ${formatMicros(rate)} a day — the average of ${which} (${range}) — ${left}. ` +
    "Today's spend so far counts as spent, not in the rate."
  );
}

/**
 * Whether to send the "forecast: will exceed" alert now: the period is running, the budget is not exceeded yet
 * (the 100 % threshold alert covers that), the projection reaches 100 % within the period, and the rate rests on
 * at least FORECAST_ALERT_MIN_DAYS complete days (a first day's pace is too thin to wake anyone). The ledger's key
 * (lib/budgets/alert-ledger.ts `FORECAST_TRIGGER`) keeps it to once per period.
 */
export function shouldAlertForecast(forecast: Forecast | null, status: BudgetStatus, paused = false): boolean {
  if (paused || forecast === null || forecast.method !== 'trailing_days') return false;
  if (status.state === 'exceeded' || forecast.basisDays < FORECAST_ALERT_MIN_DAYS) return false;
  return forecast.exceedsOn !== null;
}
