/**
 * Dashboard periods in the organisation's time zone: presets and custom dates become a half-open
 * interval [from, to) of instants on local midnights, with the previous period of the same length.
 * Pure: `now` is passed in.
 */
import { z } from 'zod';
import {
  addDays,
  addMonths,
  compareDates,
  formatCalendarDate,
  localDate,
  localParts,
  parseCalendarDate,
  startOfLocalDay,
  type CalendarDate,
} from './zoned';

export const PERIOD_PRESETS = ['today', '7d', '30d', '90d', 'mtd', 'last-month', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PRESET_LABELS: Record<PeriodPreset, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  mtd: 'Month to date',
  'last-month': 'Last month',
  custom: 'Custom dates',
};

/** The longest custom range (days): a year of hourly buckets is still a bounded query. */
export const MAX_PERIOD_DAYS = 400;

export interface Period {
  preset: PeriodPreset;
  /** First and last local calendar days included. */
  firstDay: CalendarDate;
  lastDay: CalendarDate;
  from: Date;
  to: Date;
  label: string;
}

export const periodInputSchema = z.object({
  range: z.enum(PERIOD_PRESETS).catch('30d'),
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
});
export type PeriodInput = z.infer<typeof periodInputSchema>;

function daysPeriod(preset: PeriodPreset, firstDay: CalendarDate, lastDay: CalendarDate, timeZone: string, label: string): Period {
  return {
    preset,
    firstDay,
    lastDay,
    from: startOfLocalDay(firstDay, timeZone),
    to: startOfLocalDay(addDays(lastDay, 1), timeZone),
    label,
  };
}

/** What the URL's period is, raw (before the schema's defaults). */
export interface RawPeriodInput {
  range?: string;
  from?: string;
  to?: string;
}

/**
 * Why a URL's period cannot be shown, or null when it can (no range at all is the default, fine). A page
 * shows this next to the period control and nothing else: resolvePeriod's fallback is never shown silently.
 */
export function periodProblem(input: RawPeriodInput): string | null {
  if (input.range === undefined) return null;
  if (!(PERIOD_PRESETS as readonly string[]).includes(input.range)) return `Unknown period “${input.range}”: choose one from the list.`;
  if (input.range !== 'custom') return null;
  if (!input.from || !input.to) return 'Custom dates need a first and a last day.';
  const from = parseCalendarDate(input.from);
  const to = parseCalendarDate(input.to);
  for (const [text, date] of [
    [input.from, from],
    [input.to, to],
  ] as const) {
    if (!date) return `“${text.slice(0, 40)}” is not a calendar date: write it as YYYY-MM-DD.`;
  }
  if (compareDates(from!, to!) > 0) return `The first day (${input.from}) is after the last day (${input.to}).`;
  const days = dayCount({ firstDay: from!, lastDay: to! });
  if (days > MAX_PERIOD_DAYS + 1) return `Custom dates cover at most ${MAX_PERIOD_DAYS + 1} days; these cover ${days}.`;
  return null;
}

/** The period a URL asks for; bad custom dates fall back to the last 30 days (pages check periodProblem first). */
export function resolvePeriod(input: PeriodInput, now: Date, timeZone: string): Period {
  const today = localDate(now, timeZone);
  const lastN = (n: number, preset: PeriodPreset) => daysPeriod(preset, addDays(today, -(n - 1)), today, timeZone, PRESET_LABELS[preset]);
  switch (input.range) {
    case 'today':
      return daysPeriod('today', today, today, timeZone, PRESET_LABELS.today);
    case '7d':
      return lastN(7, '7d');
    case '90d':
      return lastN(90, '90d');
    case 'mtd':
      return daysPeriod('mtd', { ...today, day: 1 }, today, timeZone, PRESET_LABELS.mtd);
    case 'last-month': {
      const first = addMonths({ ...today, day: 1 }, -1);
      return daysPeriod('last-month', first, addDays({ ...today, day: 1 }, -1), timeZone, PRESET_LABELS['last-month']);
    }
    case 'custom': {
      const from = input.from ? parseCalendarDate(input.from) : null;
      const to = input.to ? parseCalendarDate(input.to) : null;
      if (from && to && compareDates(from, to) <= 0 && compareDates(to, addDays(from, MAX_PERIOD_DAYS)) <= 0) {
        return daysPeriod('custom', from, to, timeZone, `${formatCalendarDate(from)} → ${formatCalendarDate(to)}`);
      }
      return lastN(30, '30d');
    }
    default:
      return lastN(30, '30d');
  }
}

/** The period just before, of the same length in local days (the previous month for month presets). */
export function previousPeriod(period: Period, timeZone: string): Period {
  if (period.preset === 'last-month') {
    const first = addMonths(period.firstDay, -1);
    return daysPeriod(period.preset, first, addDays(period.firstDay, -1), timeZone, 'previous month');
  }
  const length = dayCount(period);
  const lastDay = addDays(period.firstDay, -1);
  return daysPeriod(
    period.preset,
    addDays(lastDay, -(length - 1)),
    lastDay,
    timeZone,
    `previous ${length} ${length === 1 ? 'day' : 'days'}`,
  );
}

export function dayCount(period: Pick<Period, 'firstDay' | 'lastDay'>): number {
  const a = Date.UTC(period.firstDay.year, period.firstDay.month - 1, period.firstDay.day);
  const b = Date.UTC(period.lastDay.year, period.lastDay.month - 1, period.lastDay.day);
  return Math.round((b - a) / 86_400_000) + 1;
}

/** URL parameters that reproduce a period. */
export function periodParams(period: Period): Record<string, string> {
  return period.preset === 'custom'
    ? { range: 'custom', from: formatCalendarDate(period.firstDay), to: formatCalendarDate(period.lastDay) }
    : { range: period.preset };
}

/** What a period is compared with: the previous period, cut to the same elapsed hours while this one is still running. */
export interface Comparison {
  /** This period's figures up to (exclusive): its end, or the end of the current hour while it runs. */
  currentTo: Date;
  from: Date;
  to: Date;
  /** "same hours of yesterday (00:00–15:00)", "previous 7 days to the same hour", "previous 7 days". */
  label: string;
}

const HOUR_MS = 3_600_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The previous period of the same length; while `now` is inside this period (today, the last 7 days, month
 * to date), only the same hours of it: the events so far (to the end of the current hour, the rollups'
 * resolution) against the previous period's first as many hours. Comparing half a day with a whole one
 * would read as a drop every morning.
 */
export function comparisonOf(period: Period, now: Date, timeZone: string): Comparison {
  const previous = previousPeriod(period, timeZone);
  if (now < period.from || now >= period.to) return { currentTo: period.to, from: previous.from, to: previous.to, label: previous.label };
  const hourEnd = new Date(Math.min(period.to.getTime(), Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS));
  const elapsed = hourEnd.getTime() - period.from.getTime();
  const to = new Date(Math.min(previous.to.getTime(), previous.from.getTime() + elapsed));
  const end = localParts(hourEnd, timeZone).hour;
  const label =
    period.preset === 'today' ? `same hours of yesterday (00:00–${pad2(end === 0 ? 24 : end)}:00)` : `${previous.label} to the same hour`;
  return { currentTo: hourEnd, from: previous.from, to, label };
}
