import 'server-only';
/**
 * The `time-zone` job kind: moves every day rollup to the days of the organisation's new zone in small steps
 * (a day of hours per transaction, newest first), with progress. At its start the new zone takes effect for
 * every hour from just after the last stored one; each step moves the next older week and moves the cutover
 * back (db/queries/org-settings.ts). Meanwhile every hour is counted exactly once in the day rollups, writers
 * bucket by the cutover, and dashboards answer in the new zone — from the day rollups for days already moved,
 * from the hour grains before them. Resumable: a restarted job carries on from the stored cutover. It runs in
 * the `rollups` lane, so re-pricing never interleaves with it.
 */
import { z } from 'zod';
import {
  finishZoneChange,
  getOrgTimeZone,
  getZoneChange,
  moveDayRollups,
  saveOrgTimeZone,
  startZoneChange,
  usageHourRange,
} from '@/db/queries/org-settings';
import { isTimeZone } from '@/lib/time/zoned';
import { defineJobKind, type JobRunContext } from '../jobs/job-kind';
import { ROLLUPS_LANE } from '../jobs/run-rewrite-job';

const HOUR_MS = 3_600_000;
/**
 * Hours moved per transaction: at least a day, and at most 60 steps per change (a year of history moves about six
 * days per step). A step is what a reader may wait for on the embedded database (docs/adr/0014-scheduler.md).
 */
export const ZONE_STEP_MS = 24 * HOUR_MS;
const MAX_STEPS = 60;

export const changeTimeZoneParams = z.object({
  timeZone: z.string().refine(isTimeZone, 'Choose a time zone from the list.'),
  /** Hours per step at least (tests use one day to watch progress). */
  stepHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .optional(),
});

async function moveAll(job: JobRunContext, stepMs: number): Promise<void> {
  let change = await getZoneChange(job.db);
  if (!change) return;
  let first = (await usageHourRange(job.db))?.first ?? change.before;
  const total = Math.max(0, Math.ceil((change.before.getTime() - first.getTime()) / HOUR_MS));
  const step = Math.max(stepMs, Math.ceil(total / MAX_STEPS) * HOUR_MS);
  let moved = 0;
  await job.progress({ processed: 0, total });
  for (;;) {
    if (!change || change.before <= first) {
      if (await job.db.transaction((tx) => finishZoneChange(tx))) break;
      first = (await usageHourRange(job.db))?.first ?? first;
      change = await getZoneChange(job.db);
      continue;
    }
    job.signal.throwIfAborted();
    const from = new Date(Math.max(first.getTime(), change.before.getTime() - step));
    await job.db.transaction((tx) => moveDayRollups(tx, { from }));
    moved += Math.round((change.before.getTime() - from.getTime()) / HOUR_MS);
    await job.progress({ processed: Math.min(moved, total), total });
    change = await getZoneChange(job.db);
  }
  await job.progress({ processed: total, total });
}

export const changeTimeZoneJob = defineJobKind({
  kind: 'time-zone',
  params: changeTimeZoneParams,
  resumable: true,
  lane: () => ROLLUPS_LANE,
  run: async (job, { timeZone, stepHours }) => {
    const stepMs = stepHours ? stepHours * HOUR_MS : ZONE_STEP_MS;
    // A change interrupted earlier (this job, resumed, or another one) is finished first.
    await moveAll(job, stepMs);
    const current = await getOrgTimeZone(job.db);
    if (current === timeZone) return;
    const range = await usageHourRange(job.db);
    await job.db.transaction(async (tx) => {
      if (!range) return saveOrgTimeZone(tx, { timeZone }); // no usage yet: nothing to move
      await startZoneChange(tx, { zone: timeZone, previous: current, before: new Date(range.last.getTime() + HOUR_MS) });
    });
    await moveAll(job, stepMs);
  },
});
