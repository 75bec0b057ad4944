/**
 * Percentiles read from the latency histogram (lib/usage/measures.ts LATENCY_HISTOGRAM): fixed buckets summed
 * over any rollup rows. A percentile is placed in the bucket that holds it (the nearest-rank definition) and
 * interpolated inside it on a log scale (linearly in the first bucket, which starts at 0). Pure.
 */
import { LATENCY_BOUNDS_MS, LATENCY_HISTOGRAM } from './measures';

/** The bucket counts of a histogram row, in bound order (missing columns read as 0). */
export function histogramOf(row: Readonly<Record<string, number | string | null | undefined>>): number[] {
  return LATENCY_HISTOGRAM.map((m) => Number(row[m.column] ?? 0));
}

/** Adds histograms bucket by bucket (exact: counts). */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return a.map((n, i) => n + (b[i] ?? 0));
}

/** The bucket [from, below) of index i (below: null for the open last bucket). */
export function bucketRange(i: number, bounds: readonly number[] = LATENCY_BOUNDS_MS): { from: number; below: number | null } {
  return { from: i === 0 ? 0 : bounds[i - 1]!, below: i < bounds.length ? bounds[i]! : null };
}

/**
 * The q-quantile (0 < q ≤ 1) of the latencies counted, in ms; null when none is counted. In the open last
 * bucket (≥ 5 min), its lower bound.
 */
export function histogramPercentile(counts: readonly number[], q: number, bounds: readonly number[] = LATENCY_BOUNDS_MS): number | null {
  if (!(q > 0 && q <= 1)) throw new Error('a quantile is in (0, 1]');
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total); // the rank-th smallest latency (1-based)
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (below + n < rank) {
      below += n;
      continue;
    }
    const { from, below: to } = bucketRange(i, bounds);
    if (to === null) return from;
    // Where the rank falls among this bucket's n latencies, at the middle of its share.
    const position = (rank - below - 0.5) / n;
    return from === 0 ? to * position : from * (to / from) ** position;
  }
  return bucketRange(counts.length - 1, bounds).from;
}

/** A share as a fraction (0..1), or null when the whole is zero. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
