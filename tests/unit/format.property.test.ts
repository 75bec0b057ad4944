/** lib/format's one rule for money and the abbreviations of counts, and the comparison of a running period. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAxisDollars, formatCompact, formatDuration, formatMicros, formatMicrosExact, microsToDecimal } from '@/lib/format';
import { comparisonOf, resolvePeriod } from '@/lib/time/periods';

const digitsOf = (text: string) => text.replace(/[^0-9]/g, '').replace(/^0+/, '');

describe('money', () => {
  it('2 decimals from $1, 4 significant digits below, exact in the tooltip', () => {
    expect(formatMicros(0)).toBe('$0.00');
    expect(formatMicros(1_234_567)).toBe('$1.23');
    expect(formatMicros(123_456_789_012)).toBe('$123,456.79');
    expect(formatMicros(123_456)).toBe('$0.1235');
    expect(formatMicros(45_000)).toBe('$0.04500');
    expect(formatMicros(1_234)).toBe('$0.001234');
    expect(formatMicros(12)).toBe('$0.000012');
    expect(formatMicros(999_960)).toBe('$1.00');
    expect(formatMicros(-4_500)).toBe('-$0.004500');
    expect(formatMicros(null)).toBe('—');
    expect(formatMicrosExact(1_234_567)).toBe('$1.234567');
    expect(formatMicrosExact(3_100_000)).toBe('$3.10');
    expect(formatMicrosExact(123_456_789_012)).toBe('$123,456.789012');
  });

  it('below $1 always shows 4 significant digits (or every micro-dollar when fewer exist); from $1 two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), (micros) => {
        const text = formatMicros(micros);
        if (micros >= 999_950) {
          expect(text).toMatch(/^\$[\d,]+\.\d\d$/);
          return;
        }
        expect(digitsOf(text).length).toBe(Math.min(4, String(micros).length));
        expect(Math.abs(Number(text.slice(1)) - micros / 1e6)).toBeLessThanOrEqual(micros / 1e6 / 1000);
      }),
    );
  });

  it('the exact form is the micro-dollars to the last digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (micros) => {
        const exact = formatMicrosExact(micros).replace(/[$,]/g, '');
        expect(Math.round(Number(exact) * 1e6)).toBe(micros);
        expect(microsToDecimal(micros)).toMatch(/^-?\d+\.\d{6}$/);
      }),
    );
  });

  it('axis ticks: whole dollars bare, smaller ones by the money rule', () => {
    expect(formatAxisDollars(20_000_000)).toBe('$20');
    expect(formatAxisDollars(2_500_000_000)).toBe('$2,500');
    expect(formatAxisDollars(250_000)).toBe('$0.25');
    expect(formatAxisDollars(50_000)).toBe('$0.05');
    expect(formatAxisDollars(5_000)).toBe('$0.005');
    expect(formatAxisDollars(1_500_000)).toBe('$1.50');
    expect(formatAxisDollars(123_400)).toBe('$0.1234');
  });
});

describe('counts', () => {
  it('abbreviates to 3 significant digits', () => {
    expect(formatCompact(926_000_000)).toBe('926 M');
    expect(formatCompact(12_345)).toBe('12.3 k');
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(999_960)).toBe('1.00 M');
    expect(formatCompact(1_234_567_890)).toBe('1.23 B');
  });

  it('is within half a unit of the last digit shown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (n) => {
        const text = formatCompact(n);
        const m = /^([\d.]+) ([kMBT])$/.exec(text);
        if (!m) {
          expect(text).toBe(String(n));
          return;
        }
        const scale = { k: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2] as 'k'];
        expect(Math.abs(Number(m[1]) * scale - n)).toBeLessThanOrEqual(n * 0.005 + 1);
      }),
    );
  });

  it('durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1250)).toBe('1.25 s');
    expect(formatDuration(12_500)).toBe('12.5 s');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('comparisons', () => {
  const now = new Date('2026-11-20T15:30:00Z');
  it('today against the same hours of yesterday', () => {
    const c = comparisonOf(resolvePeriod({ range: 'today' }, now, 'UTC'), now, 'UTC');
    expect(c).toMatchObject({ from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-19T16:00:00Z') });
    expect(c.label).toBe('same hours of yesterday (00:00–16:00)');
  });
  it('in a time zone, the local hours', () => {
    const c = comparisonOf(resolvePeriod({ range: 'today' }, now, 'Europe/Paris'), now, 'Europe/Paris');
    expect(c).toMatchObject({ from: new Date('2026-11-18T23:00:00Z'), to: new Date('2026-11-19T16:00:00Z') });
    expect(c.label).toBe('same hours of yesterday (00:00–17:00)');
  });
  it('a period that has ended is compared whole', () => {
    const period = resolvePeriod({ range: 'last-month' }, now, 'UTC');
    const c = comparisonOf(period, now, 'UTC');
    expect(c).toMatchObject({ from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z'), label: 'previous month' });
  });
});
