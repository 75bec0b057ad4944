/**
 * What a savings report is asked for, as the URL carries it (a shareable link holds every input) and as the
 * service parses it: the period (local days, the last one included), the baseline, projects, and the routing
 * version whose publication is the before/after change. Bad input → `bad_request:savings` with field errors.
 */
import { z } from 'zod';
import { AppError, fieldErrorsOf } from '@/lib/errors';
import { type BaselineChoice, baselineChoiceSchema } from '@/lib/simulation/options';
import { addMonths, daysInMonth, formatCalendarDate, localDate, parseCalendarDate } from '@/lib/time/zoned';

const day = z.string().refine((s) => parseCalendarDate(s) !== null, 'Use a date as YYYY-MM-DD.');

export const savingsInputSchema = z
  .strictObject({
    from: day,
    /** Inclusive. */
    to: day,
    baseline: baselineChoiceSchema,
    projects: z.array(z.string().min(1).max(100)).max(100).default([]),
    /** The routing version whose publication splits before/after; absent: the latest published inside the period. */
    change: z.int().min(1).optional(),
  })
  .refine((v) => v.from <= v.to, { message: 'The period ends before it starts.', path: ['to'] })
  .refine((v) => v.from >= '2000-01-01' && v.to <= '2999-12-31', { message: 'Choose a period between 2000 and 2999.', path: ['from'] });
export type SavingsInput = z.infer<typeof savingsInputSchema>;

export function parseSavingsInput(input: unknown): SavingsInput {
  const parsed = savingsInputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError('bad_request:savings', 'These report options are not valid.', { fields: fieldErrorsOf(parsed.error.issues) });
  return parsed.data;
}

/** `requested`, `pinned:<provider/model>`, `version:<n>`, `tier:<name>`: the baseline as one URL value. */
export function baselineParam(b: BaselineChoice): string {
  switch (b.kind) {
    case 'requested':
      return 'requested';
    case 'pinned':
      return `pinned:${b.model}`;
    case 'version':
      return `version:${b.version}`;
    case 'tier':
      return `tier:${b.tier}`;
  }
}

/** The URL value back to a choice (unknown text is left for the schema to refuse). */
export function parseBaselineParam(text: string | null | undefined): unknown {
  const t = (text ?? 'requested').trim();
  const colon = t.indexOf(':');
  const kind = colon < 0 ? t : t.slice(0, colon);
  const value = colon < 0 ? '' : t.slice(colon + 1);
  if (kind === 'pinned') return { kind, model: value };
  if (kind === 'version') return { kind, version: /^\d+$/.test(value) ? Number(value) : value };
  if (kind === 'tier') return { kind, tier: value };
  return { kind };
}

type Params = { get(name: string): string | null; getAll(name: string): string[] };

/** Report inputs from URL search parameters (`from`, `to`, `baseline`, `project` repeated, `change`); a missing period is left empty. */
export function savingsInputFromParams(params: Params): Record<string, unknown> {
  const change = params.get('change');
  return {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    baseline: parseBaselineParam(params.get('baseline')),
    projects: params.getAll('project').filter(Boolean),
    ...(change ? { change: /^\d+$/.test(change) ? Number(change) : change } : {}),
  };
}

/** The shareable query string of a report (every input, in a fixed order). */
export function savingsSearch(input: SavingsInput): string {
  const q = new URLSearchParams();
  q.set('from', input.from);
  q.set('to', input.to);
  q.set('baseline', baselineParam(input.baseline));
  for (const p of input.projects) q.append('project', p);
  if (input.change !== undefined) q.set('change', String(input.change));
  return q.toString();
}

/** The default period: the first day of the month two months back through today (three calendar months), local days. */
export function defaultSavingsPeriod(now: Date, timeZone: string): { from: string; to: string } {
  const today = localDate(now, timeZone);
  return { from: formatCalendarDate(addMonths({ ...today, day: 1 }, -2)), to: formatCalendarDate(today) };
}

/** The periods the Reports page offers in one click: whole local months, the current one up to today. */
export function periodPresets(now: Date, timeZone: string): { label: string; from: string; to: string }[] {
  const today = localDate(now, timeZone);
  const first = { ...today, day: 1 };
  const lastMonth = addMonths(first, -1);
  const monthsBack = (n: number) => formatCalendarDate(addMonths(first, -n));
  return [
    { label: 'This month', from: formatCalendarDate(first), to: formatCalendarDate(today) },
    {
      label: 'Last month',
      from: formatCalendarDate(lastMonth),
      to: formatCalendarDate({ ...lastMonth, day: daysInMonth(lastMonth.year, lastMonth.month) }),
    },
    { label: 'Last 3 months', from: monthsBack(2), to: formatCalendarDate(today) },
    { label: 'Last 12 months', from: monthsBack(11), to: formatCalendarDate(today) },
  ];
}
