/** Interval maths against published values (Newcombe 1998, Table I; Student t and normal tables). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanInterval, normalInterval, rateVariance, ratioInterval, tFor, wilson, zFor } from '@/lib/stats/intervals';

describe('Wilson score interval', () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion", Stat. Med. 1998, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [8, 10, 0.4902, 0.9433],
  ])('%i of %i → [%f, %f]', (x, n, low, high) => {
    const w = wilson(x, n)!;
    expect(w.estimate).toBeCloseTo(x / n, 12);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it('is symmetric in successes and failures, and refuses impossible counts', () => {
    const a = wilson(3, 17)!;
    const b = wilson(14, 17)!;
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(5, 4)).toBeNull();
  });

  it('always holds its estimate inside [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const x = Math.round(share * n);
        const w = wilson(x, n)!;
        return w.low >= 0 && w.high <= 1 && w.low <= w.estimate + 1e-12 && w.estimate <= w.high + 1e-12;
      }),
    );
  });
});

describe('quantiles', () => {
  it('match the tables', () => {
    expect(zFor()).toBeCloseTo(1.959964, 6);
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(zFor(0.99)).toBeCloseTo(2.575829, 6);
    expect(tFor(9)).toBeCloseTo(2.262157, 5);
    expect(tFor(19)).toBeCloseTo(2.093024, 5);
    expect(tFor(29)).toBeCloseTo(2.04523, 5);
  });
});

describe('mean score interval (Student t)', () => {
  it('is mean ± t(n−1) · s/√n', () => {
    const scores = [0.2, 0.4, 0.4, 0.5, 0.6, 0.6, 0.7, 0.8, 0.9, 0.9];
    const sum = scores.reduce((a, b) => a + b, 0);
    const sumOfSquares = scores.reduce((a, b) => a + b * b, 0);
    // mean 0.6; Σ(x − 0.6)² = 0.16+0.04+0.04+0.01+0+0+0.01+0.04+0.09+0.09 = 0.48; s² = 0.48/9; s/√n = 0.073030
    const i = meanInterval({ n: 10, sum, sumOfSquares })!;
    expect(i.estimate).toBeCloseTo(0.6, 12);
    expect(i.low).toBeCloseTo(0.6 - 2.262157 * 0.0730297, 5);
    expect(i.high).toBeCloseTo(0.6 + 2.262157 * 0.0730297, 5);
  });

  it('is clamped to the score range and needs two observations', () => {
    expect(meanInterval({ n: 1, sum: 0.5, sumOfSquares: 0.25 })).toBeNull();
    const high = meanInterval({ n: 3, sum: 2.9, sumOfSquares: 1 + 1 + 0.81 })!;
    expect(high.high).toBe(1);
  });
});

describe('combining estimates', () => {
  it('keeps uncertainty for a cell with every outcome a success (Agresti–Coull variance)', () => {
    // p̃ = (20 + z²/2)/(20 + z²) = 0.919437; p̃(1 − p̃)/(20 + z²) = 0.0031069
    expect(rateVariance(20, 20)).toBeCloseTo(0.0031069, 6);
    expect(rateVariance(10, 20)).toBeCloseTo(0.25 / (20 + zFor() ** 2), 10);
  });

  it('normal interval and the delta-method ratio', () => {
    const d = normalInterval(0.1, 0.0004);
    expect(d.high - d.estimate).toBeCloseTo(1.959964 * 0.02, 6);
    // S/A = 0.8/0.9; Var ≈ 0.0004/0.81 + 0.64·0.0001/0.6561 = 0.00059138
    const r = ratioInterval(0.8, 0.9, 0.0004, 0.0001, 0)!;
    expect(r.estimate).toBeCloseTo(0.888889, 6);
    expect(r.high - r.estimate).toBeCloseTo(1.959964 * Math.sqrt(0.00059138), 5);
    // Positive covariance (shared cells) narrows the ratio's interval.
    const correlated = ratioInterval(0.8, 0.9, 0.0004, 0.0001, 0.0001)!;
    expect(correlated.high - correlated.estimate).toBeLessThan(r.high - r.estimate);
    expect(ratioInterval(0.5, 0, 0.01, 0.01, 0)).toBeNull();
  });
});
