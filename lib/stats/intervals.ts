/**
 * Confidence intervals for observed quality. Rates use the Wilson score interval (good coverage at
 * small n and near 0 or 1, unlike the Wald interval); mean scores use Student's t on the sample
 * standard deviation. Quantiles come from jstat.
 */
import jStat from 'jstat';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export const DEFAULT_CONFIDENCE = 0.95;

const zCache = new Map<number, number>();

/** Two-sided standard normal quantile: 1.959964… for 95 %. */
export function zFor(confidence = DEFAULT_CONFIDENCE): number {
  let z = zCache.get(confidence);
  if (z === undefined) zCache.set(confidence, (z = jStat.normal.inv(1 - (1 - confidence) / 2, 0, 1)));
  return z;
}

/** Two-sided Student t quantile with `df` degrees of freedom: 2.262 for df 9 at 95 %. */
export function tFor(df: number, confidence = DEFAULT_CONFIDENCE): number {
  return jStat.studentt.inv(1 - (1 - confidence) / 2, df);
}

/** Wilson score interval for `successes` out of `n` (Wilson 1927; Newcombe 1998, method 3). */
export function wilson(successes: number, n: number, confidence = DEFAULT_CONFIDENCE): Interval | null {
  if (n <= 0 || successes < 0 || successes > n) return null;
  const z = zFor(confidence);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Variance of a rate estimate for combining cells: the Agresti–Coull adjusted p̃(1 − p̃)/(n + z²), so a
 * cell with 20 successes of 20 still carries uncertainty (the plain p(1 − p)/n would be 0).
 */
export function rateVariance(successes: number, n: number, confidence = DEFAULT_CONFIDENCE): number {
  const z2 = zFor(confidence) ** 2;
  const adjusted = (successes + z2 / 2) / (n + z2);
  return (adjusted * (1 - adjusted)) / (n + z2);
}

export interface MeanSums {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** Sample mean and variance of the mean (s²/n) from sums; null below two observations. */
export function meanAndVariance({ n, sum, sumOfSquares }: MeanSums): { mean: number; varianceOfMean: number } | null {
  if (n < 2) return null;
  const mean = sum / n;
  // Sums of squares from a database lose a little to floating point; a variance never goes below 0.
  const sampleVariance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
  return { mean, varianceOfMean: sampleVariance / n };
}

/** Student t interval for a mean, clamped to `bounds` (scores live in 0..1). */
export function meanInterval(sums: MeanSums, confidence = DEFAULT_CONFIDENCE, bounds: [number, number] = [0, 1]): Interval | null {
  const mv = meanAndVariance(sums);
  if (!mv) return null;
  const half = tFor(sums.n - 1, confidence) * Math.sqrt(mv.varianceOfMean);
  return { estimate: mv.mean, low: Math.max(bounds[0], mv.mean - half), high: Math.min(bounds[1], mv.mean + half) };
}

/** Normal interval for an estimate with a known variance (combinations of independent cell estimates). */
export function normalInterval(
  estimate: number,
  variance: number,
  confidence = DEFAULT_CONFIDENCE,
  bounds: [number, number] = [-Infinity, Infinity],
): Interval {
  const half = zFor(confidence) * Math.sqrt(Math.max(0, variance));
  return { estimate, low: Math.max(bounds[0], estimate - half), high: Math.min(bounds[1], estimate + half) };
}

/**
 * Ratio S/A of two correlated estimates, by the delta method:
 * Var(S/A) ≈ Var(S)/A² + S²·Var(A)/A⁴ − 2·S·Cov(S, A)/A³. Null when A is 0.
 */
export function ratioInterval(
  s: number,
  a: number,
  varS: number,
  varA: number,
  cov: number,
  confidence = DEFAULT_CONFIDENCE,
): Interval | null {
  if (a === 0) return null;
  const variance = varS / (a * a) + (s * s * varA) / a ** 4 - (2 * s * cov) / a ** 3;
  return normalInterval(s / a, variance, confidence, [0, Infinity]);
}
