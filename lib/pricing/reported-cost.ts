/**
 * A reported cost is kept beside the computed one; a large difference is flagged, never hidden.
 * "Large": more than 5 % of the computed cost and more than $0.001 — small enough to catch cached
 * tokens billed as full input, large enough to ignore rounding in the sender's own arithmetic.
 */
export const MISMATCH_RELATIVE = 0.05;
export const MISMATCH_ABSOLUTE_MICROS = 1_000;

export function isCostMismatch(reportedMicros: number | null, computedMicros: number | null): boolean {
  if (reportedMicros === null || computedMicros === null) return false;
  const diff = Math.abs(reportedMicros - computedMicros);
  return diff > MISMATCH_ABSOLUTE_MICROS && diff > computedMicros * MISMATCH_RELATIVE;
}
