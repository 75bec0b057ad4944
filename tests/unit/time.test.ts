import { describe, expect, it } from 'vitest';
import { bucketKeys, effectiveGranularity } from '@/lib/time/buckets';
import { dayCount, previousPeriod, resolvePeriod } from '@/lib/time/periods';
import { isTimeZone, localParts, offsetMinutes, zonedToInstant } from '@/lib/time/zoned';

describe('local time in a zone', () => {
  it('finds local midnights exactly across daylight-saving changes', () => {
    // New York: DST starts 2026-03-08 02:00 (-5 → -4), ends 2026-11-01 02:00 (-4 → -5).
    expect(zonedToInstant(2026, 3, 8, 0, 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(zonedToInstant(2026, 3, 9, 0, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(zonedToInstant(2026, 11, 1, 0, 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(zonedToInstant(2026, 11, 2, 0, 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(offsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zonedToInstant(2026, 7, 1, 0, 'Asia/Kolkata').toISOString()).toBe('2026-06-30T18:30:00.000Z');
  });

  it('resolves a wall time inside a spring-forward gap to the end of the gap, and a repeated one to its first occurrence', () => {
    expect(zonedToInstant(2026, 3, 8, 2, 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(localParts(zonedToInstant(2026, 3, 8, 2, 'America/New_York'), 'America/New_York').hour).toBe(3);
    expect(zonedToInstant(2026, 11, 1, 1, 'America/New_York').toISOString()).toBe('2026-11-01T05:00:00.000Z'); // first 01:00 (EDT)
    // Santiago skips midnight itself when DST starts (2026-09-06): the day starts at 01:00.
    const santiago = zonedToInstant(2026, 9, 6, 0, 'America/Santiago');
    expect(localParts(santiago, 'America/Santiago')).toMatchObject({ day: 6, hour: 1 });
  });

  it('accepts only real zone names', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone("UTC'; drop table users")).toBe(false);
  });
});

describe('periods', () => {
  const now = new Date('2026-11-28T03:30:00Z'); // still the 27th in New York
  it('puts presets on local midnights in the organisation zone', () => {
    const utc = resolvePeriod({ range: '7d' }, now, 'UTC');
    expect([utc.from.toISOString(), utc.to.toISOString()]).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-29T00:00:00.000Z']);
    const ny = resolvePeriod({ range: '7d' }, now, 'America/New_York');
    expect([ny.from.toISOString(), ny.to.toISOString()]).toEqual(['2026-11-21T05:00:00.000Z', '2026-11-28T05:00:00.000Z']);
    const mtd = resolvePeriod({ range: 'mtd' }, now, 'America/New_York');
    expect(mtd.from.toISOString()).toBe('2026-11-01T04:00:00.000Z'); // still EDT on Nov 1st at midnight
    expect(dayCount(mtd)).toBe(27);
  });

  it('takes custom dates and falls back to 30 days on nonsense', () => {
    const custom = resolvePeriod({ range: 'custom', from: '2026-10-31', to: '2026-11-01' }, now, 'America/New_York');
    // 49 hours: the fall-back day has 25.
    expect((custom.to.getTime() - custom.from.getTime()) / 3_600_000).toBe(49);
    expect(resolvePeriod({ range: 'custom', from: '2026-11-10', to: '2026-11-01' }, now, 'UTC').preset).toBe('30d');
    expect(resolvePeriod({ range: 'custom', from: '2026-02-30', to: '2026-03-01' }, now, 'UTC').preset).toBe('30d');
  });

  it('compares with the period just before, of the same length', () => {
    const p = resolvePeriod({ range: '30d' }, now, 'UTC');
    const prev = previousPeriod(p, 'UTC');
    expect(prev.to.toISOString()).toBe(p.from.toISOString());
    expect(dayCount(prev)).toBe(30);
    const lastMonth = resolvePeriod({ range: 'last-month' }, now, 'UTC');
    expect([lastMonth.from.toISOString(), lastMonth.to.toISOString()]).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    expect(previousPeriod(lastMonth, 'UTC').from.toISOString()).toBe('2026-09-01T00:00:00.000Z');
  });
});

describe('buckets', () => {
  it('has 25 hourly buckets on the fall-back day and 23 on the spring-forward day', () => {
    const fallBack = resolvePeriod({ range: 'custom', from: '2026-11-01', to: '2026-11-01' }, new Date(), 'America/New_York');
    const keys = bucketKeys(fallBack, 'hour', 'America/New_York');
    // 25 instants, but 01:00 happens twice and is one local bucket.
    expect(keys.length).toBe(24);
    expect(keys.filter((k) => k === '2026-11-01T01:00')).toHaveLength(1);
    const spring = resolvePeriod({ range: 'custom', from: '2026-03-08', to: '2026-03-08' }, new Date(), 'America/New_York');
    const springKeys = bucketKeys(spring, 'hour', 'America/New_York');
    expect(springKeys).toHaveLength(23);
    expect(springKeys).not.toContain('2026-03-08T02:00');
  });

  it('lists days, ISO weeks and months of a period', () => {
    const p = resolvePeriod({ range: 'custom', from: '2026-10-28', to: '2026-11-03' }, new Date(), 'Europe/Paris');
    expect(bucketKeys(p, 'day', 'Europe/Paris')).toHaveLength(7);
    expect(bucketKeys(p, 'week', 'Europe/Paris')).toEqual(['2026-10-26T00:00', '2026-11-02T00:00']);
    expect(bucketKeys(p, 'month', 'Europe/Paris')).toEqual(['2026-10-01T00:00', '2026-11-01T00:00']);
    expect(effectiveGranularity('hour', resolvePeriod({ range: '90d' }, new Date(), 'UTC'))).toBe('day');
    expect(effectiveGranularity('hour', resolvePeriod({ range: '30d' }, new Date(), 'UTC'))).toBe('day');
    expect(effectiveGranularity('hour', resolvePeriod({ range: '7d' }, new Date(), 'UTC'))).toBe('hour');
  });
});
