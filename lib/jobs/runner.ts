/**
 * Runs queued background jobs in this process, one at a time. `kickJobs()` after enqueueing starts the
 * loop if it is idle; jobs are claimed with SKIP LOCKED, so several instances never run the same one.
 */
import type { DatabaseHandle } from '@/db/client';
import { countSelection, rewriteEvents, type RewriteSelection } from '@/db/jobs/rewrite-events';
import { claimNextJob, failStaleJobs, finishJob, updateJobProgress, type JobKind } from '@/db/queries/jobs';
import { invalidatePricer, loadPricingConfig } from '@/db/queries/pricing-config';
import type { Job } from '@/db/schema';
import { createPricer } from '@/lib/pricing/pricer';

/** Kinds this runner takes from the queue (imports run where their upload arrived). */
const QUEUED_KINDS: readonly JobKind[] = ['reprice', 'retier'];
const STALE_AFTER_MS = 5 * 60_000;

export interface RewriteJobParams {
  provider: string;
  model: string;
  from?: string;
  to?: string;
}

export async function runRewriteJob(handle: DatabaseHandle, job: Job): Promise<void> {
  const p = job.params as unknown as RewriteJobParams;
  const selection: RewriteSelection = {
    provider: p.provider,
    model: p.model,
    from: p.from ? new Date(p.from) : undefined,
    to: p.to ? new Date(p.to) : undefined,
  };
  invalidatePricer();
  const pricer = createPricer(await loadPricingConfig(handle.db));
  const total = await countSelection(handle.db, selection);
  await updateJobProgress(handle.db, { id: job.id, processed: 0, total });
  const result = await rewriteEvents(handle.db, {
    selection,
    pricer,
    retier: job.kind === 'retier',
    onChunk: (progress) => updateJobProgress(handle.db, { id: job.id, processed: progress.processed, failed: 0 }),
  });
  await updateJobProgress(handle.db, { id: job.id, processed: result.processed, total: Math.max(total, result.processed) });
}

const state = globalThis as unknown as { __switchyardJobsRunning?: boolean; __switchyardJobsChecked?: boolean };

/** Runs every queued job, then returns. Safe to call often; only one loop runs per process. */
export async function runQueuedJobs(handle: DatabaseHandle): Promise<void> {
  if (state.__switchyardJobsRunning) return;
  state.__switchyardJobsRunning = true;
  try {
    if (!state.__switchyardJobsChecked) {
      state.__switchyardJobsChecked = true;
      await failStaleJobs(handle.db, { olderThan: new Date(Date.now() - STALE_AFTER_MS) });
    }
    for (;;) {
      const job = await claimNextJob(handle.db, QUEUED_KINDS);
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

/** Starts running queued jobs in the background (does not wait). */
export function kickJobs(handle: DatabaseHandle): void {
  void runQueuedJobs(handle).catch((err) => console.error('[switchyard] job runner stopped', err));
}
