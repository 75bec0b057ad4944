/**
 * Properties of the zone arithmetic (lib/time/*): local days, their buckets and period boundaries, in
 * zones with DST changes (an hour, or half an hour on Lord Howe), half- and quarter-hour offsets, and a
 * zone whose DST change skips midnight itself (Santiago).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketKey, bucketKeys } from '@/lib/time/buckets';
import { dayCount, previousPeriod, resolvePeriod, PERIOD_PRESETS, type PeriodInput } from '@/lib/time/periods';
import { addDays, compareDates, formatCalendarDate, localDate, localParts, startOfLocalDay } from '@/lib/time/zoned';

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Paris',
  'Asia/Kolkata', // +5:30
  'Asia/Kathmandu', // +5:45
  'Australia/Lord_Howe', // +10:30, DST +11 (a half-hour change)
  'America/Santiago', // DST starts at midnight: that day begins at 01:00
  'Pacific/Chatham', // +12:45 / +13:45
];
const zone = fc.constantFrom(...ZONES);
// 2024–2028, so every zone's DST changes are crossed many times.
const instant = fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }).map((t) => new Date(t));
const day = fc
  .record({ year: fc.integer({ min: 2024, max: 2028 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day: d }) => addDays({ year, month, day: 1 }, d - 1)); // normalised: 31 February is 2 or 3 March
const HOUR = 3_600_000;

describe('zone arithmetic (property)', () => {
  it('puts every instant in its local day: that day starts at or before it, the next day after it', () => {
    fc.assert(
      fc.property(instant, zone, (t, z) => {
        const d = localDate(t, z);
        expect(startOfLocalDay(d, z).getTime()).toBeLessThanOrEqual(t.getTime());
        expect(startOfLocalDay(addDays(d, 1), z).getTime()).toBeGreaterThan(t.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('starts each local day at its midnight (or the first instant after a skipped one), on that day', () => {
    fc.assert(
      fc.property(day, zone, (d, z) => {
        const start = startOfLocalDay(d, z);
        expect(localDate(start, z)).toEqual(d);
        const p = localParts(start, z);
        expect(p.minute).toBe(0);
        expect(p.hour).toBeLessThanOrEqual(1); // 01:00 only where DST skipped midnight
        // The instant before belongs to the previous day.
        expect(compareDates(localDate(new Date(start.getTime() - 60_000), z), d)).toBeLessThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('makes days 23 to 25 hours long, in steps of the zone’s DST change (half an hour on Lord Howe)', () => {
    fc.assert(
      fc.property(day, zone, (d, z) => {
        const hours = (startOfLocalDay(addDays(d, 1), z).getTime() - startOfLocalDay(d, z).getTime()) / HOUR;
        expect([23, 23.5, 24, 24.5, 25]).toContain(hours);
        if (z === 'UTC' || z === 'Asia/Kolkata' || z === 'Asia/Kathmandu') expect(hours).toBe(24);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a period of N local days N day buckets, weeks from Mondays, months from the 1st, hours without repeats', () => {
    const span = fc.tuple(day, fc.integer({ min: 1, max: 70 }), zone);
    fc.assert(
      fc.property(span, ([first, length, z]) => {
        const last = addDays(first, length - 1);
        const period = resolvePeriod({ range: 'custom', from: formatCalendarDate(first), to: formatCalendarDate(last) }, new Date(), z);
        expect(dayCount(period)).toBe(length);
        expect(period.from).toEqual(startOfLocalDay(first, z));
        expect(period.to).toEqual(startOfLocalDay(addDays(last, 1), z));
        const days = bucketKeys(period, 'day', z);
        expect(days).toHaveLength(length);
        expect(days[0]).toBe(`${formatCalendarDate(first)}T00:00`);
        for (const key of bucketKeys(period, 'week', z)) {
          const [y, m, dd] = key.slice(0, 10).split('-').map(Number);
          expect(new Date(Date.UTC(y!, m! - 1, dd!)).getUTCDay()).toBe(1);
        }
        expect(bucketKeys(period, 'month', z).every((k) => k.slice(8, 10) === '01')).toBe(true);
        if (length <= 3) {
          const hours = bucketKeys(period, 'hour', z);
          expect(new Set(hours).size).toBe(hours.length);
          expect(hours).toEqual([...hours].sort());
          // Every UTC hour starting in the period falls in one of the buckets (the key of its local start).
          for (let t = Math.ceil(period.from.getTime() / HOUR) * HOUR; t < period.to.getTime(); t += HOUR) {
            const key = bucketKey(new Date(t), z);
            expect(hours.some((h) => h.slice(0, 13) === key.slice(0, 13))).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('resolves every preset to local midnights, with a previous period of the same length just before it', () => {
    fc.assert(
      fc.property(instant, zone, fc.constantFrom(...PERIOD_PRESETS.filter((p) => p !== 'custom')), (now, z, range) => {
        const period = resolvePeriod({ range } as PeriodInput, now, z);
        expect(period.from).toEqual(startOfLocalDay(period.firstDay, z));
        expect(period.to).toEqual(startOfLocalDay(addDays(period.lastDay, 1), z));
        expect(period.from.getTime()).toBeLessThanOrEqual(now.getTime());
        if (range !== 'last-month') expect(period.to.getTime()).toBeGreaterThan(now.getTime()); // it includes today
        const expected: Partial<Record<string, number>> = { today: 1, '7d': 7, '30d': 30, '90d': 90 };
        if (expected[range]) expect(dayCount(period)).toBe(expected[range]);
        const previous = previousPeriod(period, z);
        expect(previous.to).toEqual(period.from);
        if (range === 'last-month') expect(previous.firstDay.day).toBe(1);
        else expect(dayCount(previous)).toBe(dayCount(period));
      }),
      { numRuns: 500 },
    );
  });
});
