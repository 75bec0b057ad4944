/**
 * Budget periods: calendar `day`, ISO `week` (Monday first), `month` and `quarter` in the organisation's
 * time zone, or a rolling window of N hours or days. Each period is a half-open interval [start, end) of
 * UTC instants with a stable key, the one the alert ledger's unique key and links use:
 *   day:2026-12-01 · week:2026-W49 · month:2026-12 · quarter:2026-Q4 · rolling:24h:2026-12-01T15Z · rolling:7d:…
 * A rolling key names the window's (exclusive) end hour in UTC: "the 24 hours to 15:00 UTC".
 *
 * Boundaries are whole UTC hours, because spend is counted in hourly rollups (lib/ingest/rollup-grains.ts):
 * - calendar periods start at the first whole UTC hour at or after local midnight — exactly local midnight
 *   in every whole-hour zone, DST days included (23- and 25-hour days); in half- and quarter-hour zones
 *   (Asia/Kolkata, America/St_Johns, Asia/Kathmandu) the hour that straddles midnight belongs to the day it
 *   starts in, as in the dashboards and the daily rollups (README "Time zone"), so a budget's spend always
 *   equals the usage explorer's figure for the same days;
 * - a rolling window of N hours is the current UTC hour and the N − 1 before it: [floorHour(now) − (N−1) h,
 *   floorHour(now) + 1 h). It includes the hour in progress (so new spend counts at once) and an hour leaves the
 *   window whole, when the window moves past it. N days is N × 24 hours (a duration, not local days).
 * Pure: the instant is passed in.
 */
import {
  addDays,
  addMonths,
  type CalendarDate,
  compareDates,
  formatCalendarDate,
  localDate,
  parseCalendarDate,
  startOfLocalDay,
} from '@/lib/time/zoned';

export const CALENDAR_UNITS = ['day', 'week', 'month', 'quarter'] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];

/** Rolling windows: 1 hour to 90 days as hours, 1 to 366 days as days. */
export const ROLLING_LIMITS = { hours: { min: 1, max: 2_160 }, days: { min: 1, max: 366 } } as const;

export type PeriodSpec = { kind: CalendarUnit } | { kind: 'rolling'; unit: 'hours' | 'days'; length: number };

export interface BudgetPeriod {
  key: string;
  kind: PeriodSpec['kind'];
  /** UTC instants on whole hours; the period holds the hours in [start, end). */
  start: Date;
  end: Date;
  /** The local calendar days the period covers (a rolling window: the days it touches). */
  firstDay: CalendarDate;
  lastDay: CalendarDate;
  /** "December 2026", "Week 49 of 2026 (30 Nov – 6 Dec)", "24 hours to 1 Dec 2026, 10:00 America/New_York". */
  label: string;
}

const HOUR = 3_600_000;
export const floorHour = (instant: Date) => new Date(Math.floor(instant.getTime() / HOUR) * HOUR);
/** The first whole UTC hour at or after an instant (the same cut the dashboards' queries make). */
export const hourAtOrAfter = (instant: Date) => new Date(Math.ceil(instant.getTime() / HOUR) * HOUR);

export function windowHours(spec: Extract<PeriodSpec, { kind: 'rolling' }>): number {
  return spec.unit === 'days' ? spec.length * 24 : spec.length;
}

/** "Daily", "Weekly (ISO, Monday first)", "Rolling 24 hours", "Rolling 7 days". */
export function describePeriodSpec(spec: PeriodSpec): string {
  if (spec.kind === 'rolling') return `Rolling ${spec.length} ${spec.unit === 'days' ? 'day' : 'hour'}${spec.length === 1 ? '' : 's'}`;
  return { day: 'Daily', week: 'Weekly (Monday to Sunday)', month: 'Monthly', quarter: 'Quarterly' }[spec.kind];
}

/** The period that holds an instant (the current period when the instant is now). */
export function periodAt(spec: PeriodSpec, timeZone: string, instant: Date): BudgetPeriod {
  if (spec.kind === 'rolling') return rollingPeriod(spec, timeZone, new Date(floorHour(instant).getTime() + HOUR));
  // An instant belongs to the local day its UTC hour starts in (see the header: half-hour zones).
  return calendarPeriod(spec.kind, unitStart(spec.kind, localDate(floorHour(instant), timeZone)), timeZone);
}

/** The `count` periods before this one, most recent first (back to back). */
export function previousPeriods(spec: PeriodSpec, timeZone: string, period: BudgetPeriod, count: number): BudgetPeriod[] {
  const out: BudgetPeriod[] = [];
  let current = period;
  for (let i = 0; i < count; i++) {
    current =
      spec.kind === 'rolling'
        ? rollingPeriod(spec, timeZone, current.start)
        : calendarPeriod(spec.kind, unitStart(spec.kind, addDays(current.firstDay, -1)), timeZone);
    out.push(current);
  }
  return out;
}

export function nextPeriod(spec: PeriodSpec, timeZone: string, period: BudgetPeriod): BudgetPeriod {
  if (spec.kind === 'rolling') return rollingPeriod(spec, timeZone, new Date(period.end.getTime() + windowHours(spec) * HOUR));
  return calendarPeriod(spec.kind, addDays(period.lastDay, 1), timeZone);
}

/** The period a key names, when the key is of this spec and valid; null otherwise. */
export function periodForKey(spec: PeriodSpec, timeZone: string, key: string): BudgetPeriod | null {
  if (spec.kind === 'rolling') {
    const m = /^rolling:(\d+)([hd]):(\d{4}-\d{2}-\d{2})T(\d{2})Z$/.exec(key);
    const date = m ? parseCalendarDate(m[3]!) : null;
    if (!m || !date || Number(m[1]) !== spec.length || m[2] !== spec.unit[0] || Number(m[4]) > 23) return null;
    return rollingPeriod(spec, timeZone, new Date(Date.UTC(date.year, date.month - 1, date.day, Number(m[4]))));
  }
  const first = firstDayOfKey(spec.kind, key);
  return first ? calendarPeriod(spec.kind, first, timeZone) : null;
}

/** The local days of a calendar period, in order (a rolling window: the days it touches). */
export function periodDays(period: Pick<BudgetPeriod, 'firstDay' | 'lastDay'>): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let d = period.firstDay; compareDates(d, period.lastDay) <= 0; d = addDays(d, 1)) days.push(d);
  return days;
}

/** A local day as budget periods cut it: [start, end) on whole UTC hours. */
export function localDayBounds(day: CalendarDate, timeZone: string): { start: Date; end: Date } {
  return { start: hourAtOrAfter(startOfLocalDay(day, timeZone)), end: hourAtOrAfter(startOfLocalDay(addDays(day, 1), timeZone)) };
}

// ── calendar arithmetic ────────────────────────────────────────────────────────────────────────────

function rollingPeriod(spec: Extract<PeriodSpec, { kind: 'rolling' }>, timeZone: string, end: Date): BudgetPeriod {
  const start = new Date(end.getTime() - windowHours(spec) * HOUR);
  const endText = `${end.toISOString().slice(0, 13)}Z`;
  const hours = `${spec.length} ${spec.unit === 'days' ? 'day' : 'hour'}${spec.length === 1 ? '' : 's'}`;
  return {
    key: `rolling:${spec.length}${spec.unit[0]}:${endText}`,
    kind: 'rolling',
    start,
    end,
    firstDay: localDate(start, timeZone),
    lastDay: localDate(new Date(end.getTime() - HOUR), timeZone),
    label: `${hours} to ${dateText(localDate(end, timeZone))}, ${timeText(end, timeZone)}`,
  };
}

function calendarPeriod(unit: CalendarUnit, first: CalendarDate, timeZone: string): BudgetPeriod {
  const last = unitLastDay(unit, first);
  return {
    key: calendarKey(unit, first),
    kind: unit,
    start: localDayBounds(first, timeZone).start,
    end: localDayBounds(last, timeZone).end,
    firstDay: first,
    lastDay: last,
    label: calendarLabel(unit, first, last),
  };
}

function unitStart(unit: CalendarUnit, d: CalendarDate): CalendarDate {
  switch (unit) {
    case 'day':
      return d;
    case 'week':
      return addDays(d, -isoWeekday(d));
    case 'month':
      return { ...d, day: 1 };
    case 'quarter':
      return { year: d.year, month: Math.floor((d.month - 1) / 3) * 3 + 1, day: 1 };
  }
}

function unitLastDay(unit: CalendarUnit, first: CalendarDate): CalendarDate {
  switch (unit) {
    case 'day':
      return first;
    case 'week':
      return addDays(first, 6);
    case 'month':
      return addDays(addMonths(first, 1), -1);
    case 'quarter':
      return addDays(addMonths(first, 3), -1);
  }
}

/** Monday = 0 … Sunday = 6. */
export function isoWeekday(d: CalendarDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

/** ISO 8601 week of a date: the week belongs to the year of its Thursday. */
export function isoWeek(d: CalendarDate): { year: number; week: number } {
  const thursday = addDays(d, 3 - isoWeekday(d));
  const dayOfYear = (Date.UTC(thursday.year, thursday.month - 1, thursday.day) - Date.UTC(thursday.year, 0, 1)) / 86_400_000;
  return { year: thursday.year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** 53 when the ISO year has a week 53 (it starts on a Thursday, or is a leap year starting on a Wednesday). */
export function isoWeeksInYear(year: number): number {
  return isoWeek({ year, month: 12, day: 28 }).week;
}

function isoWeekMonday(year: number, week: number): CalendarDate {
  const jan4 = { year, month: 1, day: 4 }; // always in week 1
  return addDays(jan4, (week - 1) * 7 - isoWeekday(jan4));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarKey(unit: CalendarUnit, first: CalendarDate): string {
  switch (unit) {
    case 'day':
      return `day:${formatCalendarDate(first)}`;
    case 'week': {
      const w = isoWeek(first);
      return `week:${w.year}-W${pad(w.week)}`;
    }
    case 'month':
      return `month:${first.year}-${pad(first.month)}`;
    case 'quarter':
      return `quarter:${first.year}-Q${(first.month - 1) / 3 + 1}`;
  }
}

function firstDayOfKey(unit: CalendarUnit, key: string): CalendarDate | null {
  const [prefix, rest = ''] = key.split(/:(.*)/s);
  if (prefix !== unit) return null;
  let m: RegExpExecArray | null;
  switch (unit) {
    case 'day':
      return parseCalendarDate(rest);
    case 'week':
      m = /^(\d{4})-W(\d{2})$/.exec(rest);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > isoWeeksInYear(Number(m[1]))) return null;
      return isoWeekMonday(Number(m[1]), Number(m[2]));
    case 'month':
      m = /^(\d{4})-(\d{2})$/.exec(rest);
      return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? { year: Number(m[1]), month: Number(m[2]), day: 1 } : null;
    case 'quarter':
      m = /^(\d{4})-Q([1-4])$/.exec(rest);
      return m ? { year: Number(m[1]), month: (Number(m[2]) - 1) * 3 + 1, day: 1 } : null;
  }
}

// Labels are formatted from calendar dates in UTC, so no zone can shift them by a day.
const labelFormats = {
  day: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
  dayMonth: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }),
  month: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  shortMonth: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' }),
  date: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
};
const asUtc = (d: CalendarDate) => new Date(Date.UTC(d.year, d.month - 1, d.day));
const dateText = (d: CalendarDate) => labelFormats.date.format(asUtc(d));
const timeText = (instant: Date, timeZone: string) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant)} ${timeZone}`;

function calendarLabel(unit: CalendarUnit, first: CalendarDate, last: CalendarDate): string {
  switch (unit) {
    case 'day':
      return labelFormats.day.format(asUtc(first)).replace(',', '');
    case 'week': {
      const w = isoWeek(first);
      return `Week ${w.week} of ${w.year} (${labelFormats.dayMonth.format(asUtc(first))} – ${labelFormats.dayMonth.format(asUtc(last))})`;
    }
    case 'month':
      return labelFormats.month.format(asUtc(first));
    case 'quarter': {
      const months = `${labelFormats.shortMonth.format(asUtc(first))} – ${labelFormats.shortMonth.format(asUtc(last))}`;
      return `Q${(first.month - 1) / 3 + 1} ${first.year} (${months})`;
    }
  }
}
