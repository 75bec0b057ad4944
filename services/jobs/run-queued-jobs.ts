import 'server-only';
/**
 * Runs queued background jobs in this process, one at a time, then returns. Safe to call often: only one
 * loop runs per process, and jobs are claimed with SKIP LOCKED, so several instances never run the same one.
 */
import type { DatabaseHandle } from '@/db/client';
import { claimNextJob, failStaleJobs, finishJob, type JobKind } from '@/db/queries/jobs';
import { runRewriteJob } from './run-rewrite-job';

/** Kinds this runner takes from the queue (imports run where their upload arrived). */
const QUEUED_KINDS: readonly JobKind[] = ['reprice', 'retier'];
const STALE_AFTER_MS = 5 * 60_000;

const state = globalThis as unknown as { __switchyardJobsRunning?: boolean; __switchyardJobsChecked?: boolean };

export async function runQueuedJobs(handle: DatabaseHandle): Promise<void> {
  if (state.__switchyardJobsRunning) return;
  state.__switchyardJobsRunning = true;
  try {
    if (!state.__switchyardJobsChecked) {
      state.__switchyardJobsChecked = true;
      await failStaleJobs(handle.db, { olderThan: new Date(Date.now() - STALE_AFTER_MS) });
    }
    for (;;) {
      const job = await claimNextJob(handle.db, { kinds: QUEUED_KINDS });
      if (!job) return;
      try {
        await runRewriteJob(handle, job);
        await finishJob(handle.db, { id: job.id, status: 'done' });
      } catch (err) {
        console.error(`[switchyard] job ${job.id} (${job.kind}) failed`, err);
        await finishJob(handle.db, {
          id: job.id,
          status: 'failed',
          errors: [{ code: 'failed', message: 'The job failed; see the server log. Nothing it had not finished was changed.' }],
        });
      }
    }
  } finally {
    state.__switchyardJobsRunning = false;
  }
}
