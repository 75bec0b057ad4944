import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORECAST_ALERT_MIN_DAYS, forecastBudget, shouldAlertForecast, type ForecastInput } from '@/lib/budgets/forecast';
import { periodAt } from '@/lib/budgets/periods';
import { budgetStatus } from '@/lib/budgets/state';

const NY = 'America/New_York';
const USD = 1_000_000;

/** December 2026 in New York, at noon on the 10th: $10 a day since 24 November, $5 so far today. */
function december(overrides: Partial<ForecastInput> = {}): ForecastInput {
  const now = new Date('2026-12-10T17:00:00Z');
  const dailySpend: Record<string, number> = {};
  for (let d = 24; d <= 30; d++) dailySpend[`2026-11-${d}`] = 10 * USD;
  for (let d = 1; d <= 9; d++) dailySpend[`2026-12-0${d}`] = 10 * USD;
  dailySpend['2026-12-10'] = 5 * USD;
  return {
    period: periodAt({ kind: 'month' }, NY, now),
    timeZone: NY,
    now,
    amountMicros: 250 * USD,
    thresholds: [50, 80, 100],
    dailySpend,
    dataSince: { year: 2026, month: 11, day: 1 },
    ...overrides,
  };
}

describe('forecast', () => {
  it('projects spend so far plus the last 7 complete days’ mean for the days left, and finds the 100 % day', () => {
    const f = forecastBudget(december())!;
    expect(f).toMatchObject({
      method: 'trailing_days',
      spentMicros: 95 * USD,
      dailyRateMicros: 10 * USD,
      basisDays: 7,
      daysLeft: 21.5, // the rest of today (half) + 21 days
      projectedMicros: 310 * USD,
      exceedsOn: { year: 2026, month: 12, day: 25 }, // $100 at the end of today, + $10 a day reaches $250 at the end of the 25th
      exceedsOnText: '25 Dec',
    });
    expect(f.description).toBe(
      'Spend so far plus $10.00 a day — the average of the last 7 complete days (3 Dec – 9 Dec) — for the 21.5 days left. ' +
        "Today's spend so far counts as spent, not in the rate.",
    );
  });

  it('finds the day exactly: one micro-dollar more moves it a day later; a budget out of reach has none', () => {
    expect(forecastBudget(december({ amountMicros: 250 * USD + 1 }))!.exceedsOn).toEqual({ year: 2026, month: 12, day: 26 });
    expect(forecastBudget(december({ amountMicros: 100 * USD }))!.exceedsOn).toEqual({ year: 2026, month: 12, day: 10 }); // today
    const out = forecastBudget(december({ amountMicros: 1000 * USD }))!;
    expect(out).toMatchObject({ exceedsOn: null, exceedsOnText: null, projectedMicros: 310 * USD });
  });

  it('names the past day the period crossed 100 % when it is already exceeded', () => {
    expect(forecastBudget(december({ amountMicros: 45 * USD }))!.exceedsOn).toEqual({ year: 2026, month: 12, day: 5 });
  });

  it('uses the complete days recorded when fewer than 7, and today’s pace when there is none yet', () => {
    const few = forecastBudget(december({ dataSince: { year: 2026, month: 12, day: 8 } }))!;
    expect(few).toMatchObject({ basisDays: 2, dailyRateMicros: 10 * USD });
    expect(few.description).toContain('the 2 complete days recorded (8 Dec – 9 Dec)');
    const first = forecastBudget(december({ dataSince: { year: 2026, month: 12, day: 10 } }))!;
    // $5 in the first 12 hours of a 24-hour day → $10 a day.
    expect(first).toMatchObject({ method: 'today_pace', basisDays: 0, dailyRateMicros: 10 * USD, projectedMicros: 310 * USD });
    expect(first.description).toContain("today's pace");
    const tooSoon = forecastBudget(december({ dataSince: { year: 2026, month: 12, day: 10 }, now: new Date('2026-12-10T05:30:00Z') }))!;
    expect(tooSoon).toMatchObject({ method: 'none', projectedMicros: null, dailyRateMicros: null });
    expect(forecastBudget(december({ dataSince: null }))!.method).toBe('none');
  });

  it('counts the rest of a 25-hour DST day by its real length', () => {
    // 1 November 2026 in New York runs 04:00 UTC → 05:00 UTC the next day; at 16:30 UTC half of it (12.5 h) is left.
    const now = new Date('2026-11-01T16:30:00Z');
    const f = forecastBudget({
      period: periodAt({ kind: 'month' }, NY, now),
      timeZone: NY,
      now,
      amountMicros: 1000 * USD,
      thresholds: [100],
      dailySpend: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`2026-10-${25 + i}`, 2 * USD])),
      dataSince: { year: 2026, month: 1, day: 1 },
    })!;
    expect(f.daysLeft).toBe(29.5);
    expect(f.projectedMicros).toBe(59 * USD);
  });

  it('gives the final spend for an ended period and no forecast for a rolling window', () => {
    const f = forecastBudget(december({ now: new Date('2027-01-02T00:00:00Z') }))!;
    expect(f).toMatchObject({ method: 'period_ended', projectedMicros: 95 * USD, daysLeft: 0 });
    const rolling = periodAt({ kind: 'rolling', unit: 'hours', length: 24 }, NY, new Date());
    expect(forecastBudget(december({ period: rolling }))).toBeNull();
  });

  it('returns a burn-down series: cumulative actual to today, the projection from today on, threshold lines', () => {
    const f = forecastBudget(december())!;
    expect(f.series).toHaveLength(31);
    expect(f.series[0]).toEqual({ day: '2026-12-01', actualMicros: 10 * USD, projectedMicros: null });
    expect(f.series[9]).toEqual({ day: '2026-12-10', actualMicros: 95 * USD, projectedMicros: 95 * USD });
    expect(f.series[10]).toEqual({ day: '2026-12-11', actualMicros: null, projectedMicros: 110 * USD });
    expect(f.series[30]).toEqual({ day: '2026-12-31', actualMicros: null, projectedMicros: 310 * USD });
    expect(f.thresholdLines).toEqual([
      { percent: 50, micros: 125 * USD },
      { percent: 80, micros: 200 * USD },
      { percent: 100, micros: 250 * USD },
    ]);
  });
});

describe('"forecast will exceed" alert', () => {
  const statusOf = (input: ForecastInput, spent: number) => budgetStatus({ spendMicros: spent, unpricedRequests: 0 }, input);
  it('fires when the projection reaches 100 % within the period on enough evidence', () => {
    const input = december();
    const f = forecastBudget(input);
    expect(shouldAlertForecast(f, statusOf(input, 95 * USD))).toBe(true);
    expect(shouldAlertForecast(f, statusOf(input, 95 * USD), true)).toBe(false); // paused
  });

  it('stays quiet when already exceeded, out of reach, or on too little evidence', () => {
    const exceeded = december({ amountMicros: 45 * USD });
    expect(shouldAlertForecast(forecastBudget(exceeded), statusOf(exceeded, 95 * USD))).toBe(false);
    const far = december({ amountMicros: 1000 * USD });
    expect(shouldAlertForecast(forecastBudget(far), statusOf(far, 95 * USD))).toBe(false);
    const thin = december({ dataSince: { year: 2026, month: 12, day: 10 - (FORECAST_ALERT_MIN_DAYS - 1) } });
    expect(forecastBudget(thin)!.basisDays).toBe(FORECAST_ALERT_MIN_DAYS - 1);
    expect(shouldAlertForecast(forecastBudget(thin), statusOf(thin, 95 * USD))).toBe(false);
    expect(shouldAlertForecast(null, statusOf(thin, 0))).toBe(false);
  });

  it('agrees with its own projection for any daily spend (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 * USD }), { minLength: 17, maxLength: 17 }),
        fc.integer({ min: 1, max: 2000 * USD }),
        fc.integer({ min: 0, max: 86_399_999 }),
        (spends, amountMicros, msIntoDay) => {
          const days = [
            ...Array.from({ length: 7 }, (_, i) => `2026-11-${24 + i}`),
            ...Array.from({ length: 10 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`),
          ];
          const dailySpend = Object.fromEntries(days.map((d, i) => [d, spends[i]!]));
          const now = new Date(Date.parse('2026-12-10T05:00:00Z') + msIntoDay);
          const f = forecastBudget(december({ dailySpend, amountMicros, now }))!;
          expect(f.projectedMicros!).toBeGreaterThanOrEqual(f.spentMicros);
          if (f.spentMicros >= amountMicros) expect(f.exceedsOn).not.toBeNull();
          if (f.exceedsOn !== null) expect(f.projectedMicros!).toBeGreaterThanOrEqual(amountMicros);
          if (f.projectedMicros! > amountMicros) expect(f.exceedsOn).not.toBeNull();
          const cumulative = f.series.map((p) => p.actualMicros ?? p.projectedMicros!);
          for (let i = 1; i < cumulative.length; i++) expect(cumulative[i]!).toBeGreaterThanOrEqual(cumulative[i - 1]!);
        },
      ),
      { numRuns: 200 },
    );
  });
});
