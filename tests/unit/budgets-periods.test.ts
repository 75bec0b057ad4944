import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BudgetPeriod,
  CALENDAR_UNITS,
  describePeriodSpec,
  isoWeek,
  isoWeeksInYear,
  nextPeriod,
  type PeriodSpec,
  periodAt,
  periodDays,
  periodForKey,
  previousPeriods,
  windowHours,
} from '@/lib/budgets/periods';

const iso = (p: BudgetPeriod) => [p.key, p.start.toISOString(), p.end.toISOString()];
const hours = (p: BudgetPeriod) => (p.end.getTime() - p.start.getTime()) / 3_600_000;
const at = (spec: PeriodSpec, zone: string, instant: string) => periodAt(spec, zone, new Date(instant));

describe('calendar periods across daylight-saving changes', () => {
  // New York 2026: EDT from 8 March 02:00, EST again from 1 November 02:00.
  it('New York: the spring-forward day has 23 hours and the fall-back day 25', () => {
    expect(iso(at({ kind: 'day' }, 'America/New_York', '2026-03-08T12:00:00Z'))).toEqual([
      'day:2026-03-08',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
    expect(hours(at({ kind: 'day' }, 'America/New_York', '2026-03-08T12:00:00Z'))).toBe(23);
    expect(iso(at({ kind: 'day' }, 'America/New_York', '2026-11-01T12:00:00Z'))).toEqual([
      'day:2026-11-01',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ]);
    expect(hours(at({ kind: 'day' }, 'America/New_York', '2026-11-01T12:00:00Z'))).toBe(25);
  });

  it('New York: weeks, months and quarters start on the local midnight of their first day', () => {
    const week = at({ kind: 'week' }, 'America/New_York', '2026-03-08T20:00:00Z'); // a Sunday, DST day
    expect(iso(week)).toEqual(['week:2026-W10', '2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(hours(week)).toBe(167);
    expect(iso(at({ kind: 'month' }, 'America/New_York', '2026-11-15T00:00:00Z'))).toEqual([
      'month:2026-11',
      '2026-11-01T04:00:00.000Z',
      '2026-12-01T05:00:00.000Z',
    ]);
    expect(iso(at({ kind: 'quarter' }, 'America/New_York', '2026-03-31T12:00:00Z'))).toEqual([
      'quarter:2026-Q1',
      '2026-01-01T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z',
    ]);
    // 03:30 UTC on 1 April is still 31 March in New York: Q1, not Q2.
    expect(at({ kind: 'quarter' }, 'America/New_York', '2026-04-01T03:30:00Z').key).toBe('quarter:2026-Q1');
    expect(at({ kind: 'quarter' }, 'America/New_York', '2026-04-01T04:00:00Z').key).toBe('quarter:2026-Q2');
  });

  // Berlin 2026: CEST from 29 March 02:00 (01:00 UTC), CET again from 25 October 03:00 (01:00 UTC).
  it('Berlin: DST days, the month and the quarter that contain them', () => {
    expect(iso(at({ kind: 'day' }, 'Europe/Berlin', '2026-03-29T10:00:00Z'))).toEqual([
      'day:2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(iso(at({ kind: 'day' }, 'Europe/Berlin', '2026-10-25T10:00:00Z'))).toEqual([
      'day:2026-10-25',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
    expect(iso(at({ kind: 'month' }, 'Europe/Berlin', '2026-03-31T21:59:59Z'))).toEqual([
      'month:2026-03',
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ]);
    expect(at({ kind: 'month' }, 'Europe/Berlin', '2026-03-31T22:00:00Z').key).toBe('month:2026-04');
    expect(iso(at({ kind: 'quarter' }, 'Europe/Berlin', '2026-10-25T01:30:00Z'))).toEqual([
      'quarter:2026-Q4',
      '2026-09-30T22:00:00.000Z',
      '2026-12-31T23:00:00.000Z',
    ]);
    expect(iso(at({ kind: 'week' }, 'Europe/Berlin', '2026-10-25T12:00:00Z'))).toEqual([
      'week:2026-W43',
      '2026-10-18T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });

  it('a zone whose DST change skips midnight starts the day at the first instant after the gap (Santiago)', () => {
    expect(iso(at({ kind: 'day' }, 'America/Santiago', '2026-09-06T12:00:00Z'))).toEqual([
      'day:2026-09-06',
      '2026-09-06T04:00:00.000Z',
      '2026-09-07T03:00:00.000Z',
    ]);
  });

  it('half-hour zones cut at the first whole UTC hour after local midnight, as the dashboards do', () => {
    // Kolkata is UTC+5:30: local midnight is 18:30 UTC; the 18:00 UTC hour starts at 23:30 local and stays in the day before.
    expect(iso(at({ kind: 'day' }, 'Asia/Kolkata', '2026-07-01T12:00:00Z'))).toEqual([
      'day:2026-07-01',
      '2026-06-30T19:00:00.000Z',
      '2026-07-01T19:00:00.000Z',
    ]);
    expect(at({ kind: 'day' }, 'Asia/Kolkata', '2026-07-01T18:40:00Z').key).toBe('day:2026-07-01'); // 00:10 on 2 July, local
    expect(at({ kind: 'day' }, 'Asia/Kolkata', '2026-07-01T19:00:00Z').key).toBe('day:2026-07-02');
    // St John's is UTC−3:30 in winter: local midnight at 03:30 UTC, the day starts at 04:00 UTC.
    expect(at({ kind: 'day' }, 'America/St_Johns', '2026-01-15T12:00:00Z').start.toISOString()).toBe('2026-01-15T04:00:00.000Z');
  });
});

describe('ISO weeks and leap years', () => {
  it('numbers weeks by the year of their Thursday, with week 53 in long years', () => {
    expect(isoWeeksInYear(2026)).toBe(53); // starts on a Thursday
    expect(isoWeeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(isoWeek({ year: 2021, month: 1, day: 1 })).toEqual({ year: 2020, week: 53 });
    expect(isoWeek({ year: 2025, month: 12, day: 29 })).toEqual({ year: 2026, week: 1 });
    expect(at({ kind: 'week' }, 'UTC', '2027-01-01T12:00:00Z').key).toBe('week:2026-W53');
    expect(at({ kind: 'week' }, 'UTC', '2027-01-04T00:00:00Z').key).toBe('week:2027-W01');
  });

  it('week 53 spans the new year, and only exists in long years', () => {
    const w53 = periodForKey({ kind: 'week' }, 'UTC', 'week:2026-W53')!;
    expect(iso(w53)).toEqual(['week:2026-W53', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z']);
    expect(periodForKey({ kind: 'week' }, 'UTC', 'week:2025-W53')).toBeNull();
    expect(nextPeriod({ kind: 'week' }, 'UTC', w53).key).toBe('week:2027-W01');
    expect(previousPeriods({ kind: 'week' }, 'UTC', periodForKey({ kind: 'week' }, 'UTC', 'week:2027-W01')!, 1)[0]!.key).toBe(
      'week:2026-W53',
    );
  });

  it('February and the first quarter follow leap years (2028 yes, 2026 and 2100 no)', () => {
    expect(periodForKey({ kind: 'month' }, 'UTC', 'month:2028-02')!.lastDay).toEqual({ year: 2028, month: 2, day: 29 });
    expect(periodForKey({ kind: 'month' }, 'UTC', 'month:2100-02')!.lastDay).toEqual({ year: 2100, month: 2, day: 28 });
    expect(periodDays(periodForKey({ kind: 'quarter' }, 'UTC', 'quarter:2028-Q1')!)).toHaveLength(91);
    expect(periodDays(periodForKey({ kind: 'quarter' }, 'UTC', 'quarter:2026-Q1')!)).toHaveLength(90);
    expect(periodForKey({ kind: 'day' }, 'UTC', 'day:2028-02-29')?.key).toBe('day:2028-02-29');
    expect(periodForKey({ kind: 'day' }, 'UTC', 'day:2026-02-29')).toBeNull();
  });
});

describe('quarters, keys and neighbours', () => {
  it('walks quarters back across the year boundary', () => {
    const q1 = at({ kind: 'quarter' }, 'Europe/Berlin', '2027-02-01T00:00:00Z');
    expect(previousPeriods({ kind: 'quarter' }, 'Europe/Berlin', q1, 4).map((p) => p.key)).toEqual([
      'quarter:2026-Q4',
      'quarter:2026-Q3',
      'quarter:2026-Q2',
      'quarter:2026-Q1',
    ]);
    expect(q1.label).toBe('Q1 2027 (Jan – Mar)');
  });

  it('refuses keys of another kind or malformed ones', () => {
    expect(periodForKey({ kind: 'month' }, 'UTC', 'day:2026-12-01')).toBeNull();
    expect(periodForKey({ kind: 'month' }, 'UTC', 'month:2026-13')).toBeNull();
    expect(periodForKey({ kind: 'quarter' }, 'UTC', 'quarter:2026-Q5')).toBeNull();
    expect(periodForKey({ kind: 'week' }, 'UTC', 'week:2026-W00')).toBeNull();
    expect(periodForKey({ kind: 'rolling', unit: 'hours', length: 24 }, 'UTC', 'rolling:12h:2026-12-01T15Z')).toBeNull();
    expect(periodForKey({ kind: 'rolling', unit: 'hours', length: 24 }, 'UTC', 'rolling:24d:2026-12-01T15Z')).toBeNull();
  });

  it('labels periods for people', () => {
    expect(at({ kind: 'day' }, 'UTC', '2026-12-01T10:00:00Z').label).toBe('Tue 1 Dec 2026');
    expect(at({ kind: 'week' }, 'UTC', '2026-12-01T10:00:00Z').label).toBe('Week 49 of 2026 (30 Nov – 6 Dec)');
    expect(at({ kind: 'month' }, 'UTC', '2026-12-01T10:00:00Z').label).toBe('December 2026');
    expect(describePeriodSpec({ kind: 'rolling', unit: 'days', length: 7 })).toBe('Rolling 7 days');
    expect(describePeriodSpec({ kind: 'rolling', unit: 'hours', length: 1 })).toBe('Rolling 1 hour');
  });
});

describe('rolling windows', () => {
  const spec: PeriodSpec = { kind: 'rolling', unit: 'hours', length: 24 };
  it('is the current UTC hour and the 23 before it, keyed by its end', () => {
    const w = at(spec, 'America/New_York', '2026-12-01T14:20:00Z');
    expect(iso(w)).toEqual(['rolling:24h:2026-12-01T15Z', '2026-11-30T15:00:00.000Z', '2026-12-01T15:00:00.000Z']);
    expect(w.label).toBe('24 hours to 1 Dec 2026, 10:00 America/New_York');
    expect(periodForKey(spec, 'America/New_York', w.key)).toEqual(w);
    expect(at(spec, 'UTC', '2026-12-01T14:00:00Z').key).toBe(w.key); // the hour's start is inside it
    expect(at(spec, 'UTC', '2026-12-01T15:00:00Z').key).toBe('rolling:24h:2026-12-01T16Z');
  });

  it('counts N days as N × 24 hours whatever the DST change, and lists earlier windows back to back', () => {
    const week = at({ kind: 'rolling', unit: 'days', length: 7 }, 'America/New_York', '2026-11-03T12:30:00Z');
    expect(hours(week)).toBe(168);
    expect(week.key).toBe('rolling:7d:2026-11-03T13Z');
    const before = previousPeriods({ kind: 'rolling', unit: 'days', length: 7 }, 'America/New_York', week, 2);
    expect(before.map((p) => p.end.toISOString())).toEqual([week.start.toISOString(), before[0]!.start.toISOString()]);
  });
});

describe('every period, property-tested', () => {
  const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham'];
  const specs: PeriodSpec[] = [
    ...CALENDAR_UNITS.map((kind) => ({ kind })),
    { kind: 'rolling', unit: 'hours', length: 5 },
    { kind: 'rolling', unit: 'days', length: 30 },
  ];
  const instant = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2031, 0, 1) }).map((t) => new Date(t));

  it('holds its instant, sits on whole hours, and tiles time with its neighbours', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom(...specs), instant, (zone, spec, t) => {
        const p = periodAt(spec, zone, t);
        expect(p.start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(t.getTime()).toBeLessThan(p.end.getTime());
        expect(p.start.getTime() % 3_600_000).toBe(0);
        expect(p.end.getTime() % 3_600_000).toBe(0);
        if (spec.kind === 'rolling') expect(hours(p)).toBe(windowHours(spec));
        else {
          // A calendar period is the one of every instant in it (a rolling window moves with the instant instead).
          expect(periodAt(spec, zone, p.start).key).toBe(p.key);
          expect(periodAt(spec, zone, new Date(p.end.getTime() - 1)).key).toBe(p.key);
          const next = nextPeriod(spec, zone, p);
          expect(next.start.getTime()).toBe(p.end.getTime());
          expect(periodAt(spec, zone, p.end).key).toBe(next.key);
          expect(previousPeriods(spec, zone, next, 1)[0]!.key).toBe(p.key);
        }
        expect(periodForKey(spec, zone, p.key)).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });
});
