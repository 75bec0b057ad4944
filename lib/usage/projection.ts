/**
 * Month-end spend projection: what is spent so far this month plus the recent daily run rate for
 * the days left. The run rate is the last 7 complete local days (fewer early in a history), so a
 * routing change shows in the projection within a week. Integer micro-dollars. Pure.
 */
export interface ProjectionInput {
  monthToDateMicros: number;
  /** Spend over the complete days used for the rate, and how many days that was (0 when none). */
  recentMicros: number;
  recentDays: number;
  /** Days of the month, and how much of it is still ahead (fractional: the rest of today counts). */
  daysInMonth: number;
  remainingDays: number;
}

export interface Projection {
  projectedMicros: number;
  dailyRateMicros: number;
}

export function projectMonthEnd(input: ProjectionInput): Projection {
  const elapsed = input.daysInMonth - input.remainingDays;
  const dailyRate = input.recentDays > 0 ? input.recentMicros / input.recentDays : elapsed > 0 ? input.monthToDateMicros / elapsed : 0;
  return {
    dailyRateMicros: Math.round(dailyRate),
    projectedMicros: input.monthToDateMicros + Math.round(dailyRate * Math.max(0, input.remainingDays)),
  };
}

/** Change from `previous` to `current` in percent (null when there is nothing to compare with). */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((current - previous) / previous) * 100;
}
