/**
 * Y-axis ticks on round values: 0 and multiples of 1, 2, 2.5 or 5 × 10ⁿ, up to the first tick at or above
 * the largest value, about `target` of them. Integer steps only when `integer` (micro-dollars, counts). Pure.
 */
export function niceTicks(max: number, target = 5, integer = false): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step0 = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const step = integer ? Math.max(1, Math.round(step0)) : step0;
  const count = Math.ceil(max / step - 1e-9);
  // Rounded to the step's decimals: 0.1 + 0.2 stays 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
}
