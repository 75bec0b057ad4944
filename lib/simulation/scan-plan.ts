/**
 * Which rows answer a replay (ADR 0012): the savings rollup (`usage_daily_savings`, local days) for every slice
 * that is a whole local day, when the plan needs nothing the rollup lacks; raw events for the rest. The rollup
 * keys by project, mode, task, requested model, served model and tier, recorded routing and a long-context band
 * of the input, so it answers a candidate whose rules test none of user and tags and whose input-token bounds
 * (and every long-context threshold priced) are among the bands. A slice a price change cuts out of a day, and
 * a period edge inside a day, are read from raw events on the same plan, so both kinds of row group alike.
 */
import { localDate, startOfLocalDay } from '@/lib/time/zoned';
import { KEY_ONLY_COLUMNS } from '@/lib/usage/dimensions';
import type { GroupingPlan } from './group';

/** The input-token bounds of the rollup's `input_band` column (band k: k bounds ≤ the input). */
export const ROLLUP_INPUT_BANDS: readonly number[] = KEY_ONLY_COLUMNS.find((c) => c.column === 'input_band')!.bounds;

export interface ScanPlan {
  /** The plan to replay on: with the rollup path, its input classes are the rollup's bands. */
  plan: GroupingPlan;
  /** Slices read from the rollup, and their local day. */
  rollupSlices: { slice: number; day: string }[];
  /** Slices read from raw events, ascending. */
  rawSlices: number[];
  /** Why the rollup answers nothing, when it does not (shown beside the result). */
  rawReason: string | null;
}

/** What the result says about the scan. */
export interface ScanSummary {
  path: 'rollup' | 'raw' | 'mixed';
  rollupDays: number;
  rawSlices: number;
  rawReason: string | null;
}

/**
 * The scan of `plan`. `bands`: the rollup's input bounds. `rollupZone`: the zone the day rollup holds whole days
 * in for this period (undefined during a time-zone change that has not reached it: raw events only).
 */
export function planScan(plan: GroupingPlan, input: { bands: readonly number[]; rollupZone: string | undefined }): ScanPlan {
  const slices = plan.timeBounds.length - 1;
  const all = Array.from({ length: slices }, (_, i) => i + 1);
  const raw = (rawReason: string): ScanPlan => ({ plan, rollupSlices: [], rawSlices: all, rawReason });
  if (plan.keys.user) return raw('A rule tests the user, which the daily rollup does not keep.');
  if (plan.keys.tags === 'all' || plan.keys.tags.length > 0) return raw('A rule tests tags, which the daily rollup does not keep.');
  const bandSet = new Set(input.bands);
  const stray = plan.inputTokenBounds.filter((b) => !bandSet.has(b));
  if (stray.length > 0)
    return raw(`An input-token bound (${stray.map((b) => b.toLocaleString('en-US')).join(', ')}) is not one of the daily rollup's bands.`);
  if (input.rollupZone !== plan.timeZone) return raw('The daily rollup is moving to a new time zone.');

  const banded: GroupingPlan = { ...plan, inputTokenBounds: [...input.bands] };
  const rollupSlices: ScanPlan['rollupSlices'] = [];
  const rawSlices: number[] = [];
  // Every local midnight inside the period bounds a slice, so a slice from one midnight to another is one whole day.
  const midnight = (at: Date) => startOfLocalDay(localDate(at, plan.timeZone), plan.timeZone).getTime() === at.getTime();
  for (const slice of all) {
    if (midnight(plan.timeBounds[slice - 1]!) && midnight(plan.timeBounds[slice]!))
      rollupSlices.push({ slice, day: plan.sliceDays[slice]! });
    else rawSlices.push(slice);
  }
  return { plan: banded, rollupSlices, rawSlices, rawReason: rollupSlices.length === 0 ? 'No whole day in the period.' : null };
}

export function summarizeScan(scan: ScanPlan): ScanSummary {
  const rollupDays = scan.rollupSlices.length;
  const rawSlices = scan.rawSlices.length;
  return {
    path: rawSlices === 0 ? 'rollup' : rollupDays === 0 ? 'raw' : 'mixed',
    rollupDays,
    rawSlices,
    rawReason: scan.rawReason,
  };
}
