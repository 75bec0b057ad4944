/** Observed quality cells, traffic-weighted estimates, "no evidence", and the paired comparison. */
import { describe, expect, it } from 'vitest';
import { rateVariance, wilson, zFor } from '@/lib/stats/intervals';
import { cellKey, compareQuality, PlacementTally } from '@/lib/simulation/quality';
import type { OutcomeSums } from '@/lib/simulation/types';

const rates = (successes: number, n: number): OutcomeSums => ({ successN: n, successes, scoreN: 0, scoreSum: 0, scoreSumOfSquares: 0 });
const scores = (values: number[]): OutcomeSums => ({
  successN: 0,
  successes: 0,
  scoreN: values.length,
  scoreSum: values.reduce((a, b) => a + b, 0),
  scoreSumOfSquares: values.reduce((a, b) => a + b * b, 0),
});
const row = (mode: string, requests: number, outcomes: OutcomeSums) => ({ mode, task: null, requests, outcomes });

describe('quality cells', () => {
  it('gives each model × mode × task cell its Wilson interval, and no evidence below the minimum', () => {
    const t = new PlacementTally();
    t.add(row('code', 100, rates(8, 10)), 'a/big', 'a/big', 'a/big');
    t.add(row('code', 100, rates(19, 19)), 'a/small', 'a/small', 'a/small');
    t.add(row('ask', 100, rates(20, 20)), 'a/small', 'a/small', 'a/small');
    const e = t.cells.estimates('success');
    const big = e.cells.get(cellKey('a/big', 'code', null))!;
    expect(big.interval).toEqual(wilson(8, 10));
    expect(big.evidence).toBe(false); // 10 < 20
    expect(e.cells.get(cellKey('a/small', 'code', null))!.evidence).toBe(false); // 19
    expect(e.cells.get(cellKey('a/small', 'ask', null))!.evidence).toBe(true); // 20
    expect(t.cells.estimates('success', { minOutcomes: 10 }).cells.get(big.key)!.evidence).toBe(true);
  });
});

describe('comparing traffic placements', () => {
  it('moving all code traffic from a model at 40/50 to one at 15/20: 0.80 → 0.75, kept 93.75 %', () => {
    const t = new PlacementTally();
    t.add(row('code', 300, rates(40, 50)), 'a/big', 'a/big', 'a/small');
    t.add(row('ask', 0, rates(15, 20)), 'a/small', 'a/small', 'a/small');
    // The outcomes of a/small in code come from other traffic it served.
    t.add(row('code', 0, rates(15, 20)), 'a/small', 'a/small', 'a/small');
    const q = compareQuality(t.cells.estimates('success'), t.list());
    expect(q.reference.estimate!.estimate).toBeCloseTo(0.8, 12);
    expect(q.candidate.estimate!.estimate).toBeCloseTo(0.75, 12);
    expect(q.paired.requests).toBe(300);
    expect(q.paired.difference!.estimate).toBeCloseTo(-0.05, 12);
    const se = Math.sqrt(rateVariance(40, 50) + rateVariance(15, 20));
    expect(q.paired.difference!.high - q.paired.difference!.estimate).toBeCloseTo(zFor() * se, 10);
    expect(q.paired.ratio!.estimate).toBeCloseTo(0.9375, 12);
    expect(q.candidate.noEvidenceRequests).toBe(0);
  });

  it('weights cells by traffic', () => {
    const t = new PlacementTally();
    t.add(row('code', 300, rates(45, 50)), 'a/big', 'a/big', 'a/big'); // 0.9, stays
    t.add(row('ask', 100, rates(30, 50)), 'a/small', 'a/small', 'a/small'); // 0.6, stays
    const q = compareQuality(t.cells.estimates('success'), t.list());
    expect(q.candidate.estimate!.estimate).toBeCloseTo(0.75 * 0.9 + 0.25 * 0.6, 12);
    const variance = 0.75 ** 2 * rateVariance(45, 50) + 0.25 ** 2 * rateVariance(30, 50);
    expect(q.candidate.estimate!.high - q.candidate.estimate!.estimate).toBeCloseTo(zFor() * Math.sqrt(variance), 10);
    // Nothing moved: the same cells on both sides, a difference of exactly 0 with no spread.
    expect(q.paired.difference).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(q.paired.ratio!.estimate).toBe(1);
  });

  it('counts traffic moved into a cell without evidence and never fills it in', () => {
    const t = new PlacementTally();
    t.add(row('code', 200, rates(40, 50)), 'a/big', 'a/big', 'a/new');
    t.add(row('code', 0, rates(4, 5)), 'a/new', 'a/new', 'a/new');
    t.add(row('ask', 100, rates(30, 50)), 'a/small', 'a/small', 'a/small');
    const q = compareQuality(t.cells.estimates('success'), t.list());
    expect(q.candidate.noEvidenceRequests).toBe(200);
    expect(q.candidate.movedIntoNoEvidenceRequests).toBe(200);
    expect(q.candidate.requestsWithEvidence).toBe(100);
    expect(q.candidate.estimate!.estimate).toBeCloseTo(0.6, 12); // only the ask traffic, not a guess for a/new
    expect(q.paired.requests).toBe(100);
    expect(q.noEvidenceCells).toEqual([
      { key: cellKey('a/new', 'code', null), model: 'a/new', mode: 'code', task: null, outcomes: 5, requests: 200 },
    ]);
  });

  it('has no estimate at all when no cell has evidence', () => {
    const t = new PlacementTally();
    t.add(row('code', 10, rates(3, 4)), 'a/big', 'a/big', 'a/big');
    const q = compareQuality(t.cells.estimates('success'), t.list());
    expect(q.reference.estimate).toBeNull();
    expect(q.paired).toEqual({ requests: 0, difference: null, ratio: null });
  });

  it('compares mean scores with the variance of each mean', () => {
    const high = Array.from({ length: 25 }, (_, i) => 0.8 + (i % 5) * 0.05); // mean 0.9
    const low = Array.from({ length: 30 }, (_, i) => 0.5 + (i % 3) * 0.1); // mean 0.6
    const t = new PlacementTally();
    t.add(row('code', 50, scores(high)), 'a/big', 'a/big', 'a/small');
    t.add(row('code', 0, scores(low)), 'a/small', 'a/small', 'a/small');
    const e = t.cells.estimates('score');
    const q = compareQuality(e, t.list());
    expect(q.reference.estimate!.estimate).toBeCloseTo(0.9, 12);
    expect(q.candidate.estimate!.estimate).toBeCloseTo(0.6, 12);
    const v = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length;
    };
    expect(e.cells.get(cellKey('a/big', 'code', null))!.variance).toBeCloseTo(v(high), 12);
    expect(q.paired.difference!.high - q.paired.difference!.estimate).toBeCloseTo(zFor() * Math.sqrt(v(high) + v(low)), 10);
  });
});
