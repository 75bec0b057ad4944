import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORECAST_TRIGGER, type RollingEpisode, rollingEpisodeKey, rollingEpisodeStep, thresholdTrigger } from '@/lib/budgets/alert-ledger';
import type { PeriodSpec } from '@/lib/budgets/periods';

type Rolling = Extract<PeriodSpec, { kind: 'rolling' }>;
const spec: Rolling = { kind: 'rolling', unit: 'hours', length: 24 };
const HOUR = 3_600_000;
const t0 = Date.parse('2026-12-01T00:00:00Z');
const at = (h: number) => new Date(t0 + h * HOUR);
const step = (spendMicros: number, latest: RollingEpisode | null, hour: number) =>
  rollingEpisodeStep({ spec, spendMicros, amountMicros: 100, threshold: 80, latest, now: at(hour) });

describe('ledger triggers', () => {
  it('names thresholds and the forecast', () => {
    expect(thresholdTrigger(80)).toBe('threshold:80');
    expect(FORECAST_TRIGGER).toBe('forecast');
    expect(rollingEpisodeKey(spec, 3)).toBe('rolling:24h:e3');
    expect(rollingEpisodeKey({ kind: 'rolling', unit: 'days', length: 7 }, 1)).toBe('rolling:7d:e1');
  });
});

describe('rolling-window episodes', () => {
  it('alerts when the window first reaches the threshold, not again while it stays there', () => {
    expect(step(79, null, 0)).toEqual({ kind: 'none' });
    expect(step(80, null, 1)).toEqual({ kind: 'alert', episode: 1, periodKey: 'rolling:24h:e1' });
    const open: RollingEpisode = { episode: 1, alertedAt: at(1), rearmedAt: null };
    expect(step(95, open, 30)).toEqual({ kind: 'none' });
  });

  it('re-arms only when seen below the threshold a window length after the alert, then alerts a new episode', () => {
    const open: RollingEpisode = { episode: 1, alertedAt: at(1), rearmedAt: null };
    expect(step(50, open, 10)).toEqual({ kind: 'none' }); // a dip within the window: no flapping
    expect(step(50, open, 25)).toEqual({ kind: 'rearm', episode: 1, periodKey: 'rolling:24h:e1' });
    const rearmed: RollingEpisode = { ...open, rearmedAt: at(25) };
    expect(step(50, rearmed, 26)).toEqual({ kind: 'none' });
    expect(step(85, rearmed, 27)).toEqual({ kind: 'alert', episode: 2, periodKey: 'rolling:24h:e2' });
  });

  // Hourly evaluations (by several instances, who all compute the same step from the same ledger row) over any
  // window spend: keys never repeat, no alert while spend stays above, at most one per window length.
  it('is quiet and exactly-once over any spend series (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 48 }),
        (spends, length) => {
          const s: Rolling = { kind: 'rolling', unit: 'hours', length };
          const ledger = new Map<string, RollingEpisode>();
          let latest: RollingEpisode | null = null;
          const alertHours: number[] = [];
          spends.forEach((spendMicros, hour) => {
            const input = { spec: s, spendMicros, amountMicros: 100, threshold: 80, latest, now: at(hour) };
            const a = rollingEpisodeStep(input);
            expect(rollingEpisodeStep(input)).toEqual(a); // a second instance decides the same
            if (a.kind === 'alert') {
              expect(ledger.has(a.periodKey)).toBe(false);
              latest = { episode: a.episode, alertedAt: at(hour), rearmedAt: null };
              ledger.set(a.periodKey, latest);
              alertHours.push(hour);
            } else if (a.kind === 'rearm') {
              latest = { ...latest!, rearmedAt: at(hour) };
            }
          });
          for (let i = 1; i < alertHours.length; i++) {
            expect(alertHours[i]! - alertHours[i - 1]!).toBeGreaterThan(length); // re-arm (≥ length) then a later rise
            const between = spends.slice(alertHours[i - 1]!, alertHours[i]!);
            expect(between.some((v) => v < 80)).toBe(true); // it fell below in between
          }
          const firstAbove = spends.findIndex((v) => v >= 80);
          expect(alertHours[0] ?? -1).toBe(firstAbove);
        },
      ),
    );
  });
});
