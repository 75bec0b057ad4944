import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BUDGET_MICROS } from '@/lib/budgets/amount';
import { planThresholdAlerts, summariseCrossing } from '@/lib/budgets/alert-ledger';
import { budgetStatus, compareStates, crossedThresholds, reachesPercent, thresholdsToAlert, worstState } from '@/lib/budgets/state';

const limits = { amountMicros: 100_000_000, thresholds: [50, 80, 100] }; // $100
const status = (spendMicros: number, extra: Partial<Parameters<typeof budgetStatus>[0]> = {}) =>
  budgetStatus({ spendMicros, unpricedRequests: 0, ...extra }, limits);

describe('budget state', () => {
  it('is ok below the first threshold, warning from it, exceeded from 100 %', () => {
    expect(status(49_999_999).state).toBe('ok');
    expect(status(50_000_000).state).toBe('warning');
    expect(status(99_999_999).state).toBe('warning');
    expect(status(100_000_000).state).toBe('exceeded');
    expect(status(250_000_000)).toMatchObject({ state: 'exceeded', overMicros: 150_000_000, remainingMicros: 0, percentText: '250.0 %' });
  });

  it('truncates the displayed percentage so 100.0 % and 80.0 % are only shown once reached', () => {
    expect(status(99_999_999)).toMatchObject({ percentTenths: 999, percentText: '99.9 %' });
    expect(status(79_990_000).percentText).toBe('79.9 %');
    expect(status(81_349_999)).toMatchObject({ percentText: '81.3 %', thresholdsReached: [50, 80], nextThreshold: 100 });
    expect(budgetStatus({ spendMicros: 12_345_600_000, unpricedRequests: 0 }, limits).percentText).toBe('12,345.6 %');
  });

  it('compares exactly where floating point would not (amounts near $100,000,000)', () => {
    const amount = 99_999_999_999_999;
    const spend = 98_999_999_999_999; // one micro-dollar short of 99 %
    expect(spend * 100 >= 99 * amount).toBe(true); // what a float comparison says
    expect(reachesPercent(spend, 99, amount)).toBe(false);
    expect(reachesPercent(spend + 1, 99, amount)).toBe(true);
  });

  it('carries unpriced requests beside the spend, never as $0 silently', () => {
    const s = status(10_000_000, { unpricedRequests: 12 });
    expect(s).toMatchObject({ spendMicros: 10_000_000, unpricedRequests: 12, incomplete: true, state: 'ok' });
    expect(status(10_000_000).incomplete).toBe(false);
  });

  it('counts a gateway’s in-flight reservations into the state (no overspend by concurrency)', () => {
    expect(status(95_000_000).state).toBe('warning');
    expect(status(95_000_000, { reservedMicros: 5_000_000 })).toMatchObject({
      state: 'exceeded',
      spendMicros: 95_000_000,
      reservedMicros: 5_000_000,
    });
  });

  it('has no warning state when the first threshold is above 100 %', () => {
    const high = { amountMicros: 100, thresholds: [120, 150] };
    expect(budgetStatus({ spendMicros: 99, unpricedRequests: 0 }, high).state).toBe('ok');
    expect(budgetStatus({ spendMicros: 100, unpricedRequests: 0 }, high)).toMatchObject({ state: 'exceeded', thresholdsReached: [] });
    expect(budgetStatus({ spendMicros: 120, unpricedRequests: 0 }, high).thresholdsReached).toEqual([120]);
  });

  it('orders states and finds the worst', () => {
    expect(worstState(['ok', 'exceeded', 'warning'])).toBe('exceeded');
    expect(worstState([])).toBeNull();
    expect(compareStates('warning', 'ok')).toBeGreaterThan(0);
  });
});

const thresholdsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 5 })
  .map((t) => [...t].sort((a, b) => a - b));
const amountArb = fc.integer({ min: 1, max: MAX_BUDGET_MICROS });
const spendArb = fc.integer({ min: 0, max: 20 * MAX_BUDGET_MICROS });

describe('state, property-tested', () => {
  it('is monotonic in spend: more spend never lowers the state, the percentage or the thresholds reached', () => {
    fc.assert(
      fc.property(amountArb, thresholdsArb, spendArb, spendArb, (amountMicros, thresholds, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = budgetStatus({ spendMicros: lo, unpricedRequests: 0 }, { amountMicros, thresholds });
        const y = budgetStatus({ spendMicros: hi, unpricedRequests: 0 }, { amountMicros, thresholds });
        expect(compareStates(x.state, y.state)).toBeLessThanOrEqual(0);
        expect(x.percentTenths).toBeLessThanOrEqual(y.percentTenths);
        for (const t of x.thresholdsReached) expect(y.thresholdsReached).toContain(t);
      }),
    );
  });

  it('shows a percentage consistent with the state and with every threshold', () => {
    fc.assert(
      fc.property(amountArb, thresholdsArb, spendArb, (amountMicros, thresholds, spendMicros) => {
        const s = budgetStatus({ spendMicros, unpricedRequests: 0 }, { amountMicros, thresholds });
        expect(s.state === 'exceeded').toBe(s.percentTenths >= 1000);
        for (const t of thresholds) expect(s.thresholdsReached.includes(t)).toBe(s.percentTenths >= t * 10);
        expect(s.remainingMicros - s.overMicros).toBe(amountMicros - spendMicros);
      }),
    );
  });
});

describe('crossings and exactly-once alerts', () => {
  it('crossedThresholds names what a rise newly reached, nothing for a fall', () => {
    expect(crossedThresholds(40_000_000, 85_000_000, limits.thresholds, limits.amountMicros)).toEqual([50, 80]);
    expect(crossedThresholds(85_000_000, 40_000_000, limits.thresholds, limits.amountMicros)).toEqual([]);
    expect(crossedThresholds(80_000_000, 80_000_001, limits.thresholds, limits.amountMicros)).toEqual([]);
    // Alone it would alert twice for a fall (re-pricing) and a rise: the ledger is what prevents that.
    expect(crossedThresholds(70_000_000, 85_000_000, limits.thresholds, limits.amountMicros)).toEqual([80]);
    expect(thresholdsToAlert(85_000_000, limits.thresholds, limits.amountMicros, [50, 80])).toEqual([]);
  });

  it('sends one alert for several thresholds passed at once, naming the highest', () => {
    const plan = planThresholdAlerts(120_000_000, { ...limits, paused: false }, []);
    expect(plan).toEqual({ triggers: ['threshold:50', 'threshold:80', 'threshold:100'], thresholds: [50, 80, 100] });
    expect(summariseCrossing(plan.thresholds)).toEqual({ threshold: 100, crossed: [50, 80, 100] });
    expect(summariseCrossing([])).toBeNull();
    expect(planThresholdAlerts(120_000_000, { ...limits, paused: true }, []).triggers).toEqual([]);
  });

  // Several instances evaluate each spend update from a possibly stale ledger read; each inserts its plan with
  // ON CONFLICT DO NOTHING and alerts only for rows it inserted (the unique key: budget, period key, threshold).
  it('alerts each threshold at most once per period over any spend sequence, falls and concurrent evaluators included', () => {
    fc.assert(
      fc.property(
        amountArb,
        thresholdsArb,
        fc.array(fc.tuple(spendArb, fc.integer({ min: 1, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 30 }),
        (amountMicros, thresholds, updates) => {
          const ledger = new Set<number>();
          const alerted: number[] = [];
          let maxSpend = 0;
          let previous = 0;
          for (const [spend, instances, stale] of updates) {
            maxSpend = Math.max(maxSpend, spend);
            const snapshot = new Set(ledger); // what every instance read before any of them inserted
            for (let i = 0; i < instances; i++) {
              const read = stale ? snapshot : ledger;
              const fast = crossedThresholds(previous, spend, thresholds, amountMicros);
              // The write path may skip the ledger when nothing was newly crossed; a sweep still reads it.
              const plan = planThresholdAlerts(spend, { amountMicros, thresholds, paused: false }, read);
              for (const t of fast) expect(plan.thresholds.includes(t) || ledger.has(t)).toBe(true);
              for (const t of plan.thresholds) {
                if (!ledger.has(t)) {
                  ledger.add(t); // this instance's insert took the row
                  alerted.push(t);
                }
              }
            }
            previous = spend;
          }
          expect(new Set(alerted).size).toBe(alerted.length); // at most once each
          // …and exactly the thresholds the spend ever reached.
          expect([...alerted].sort((a, b) => a - b)).toEqual(thresholds.filter((t) => reachesPercent(maxSpend, t, amountMicros)));
        },
      ),
    );
  });
});
