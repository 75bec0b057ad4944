import 'server-only';
/** Starts running queued jobs in the background (does not wait). */
import type { DatabaseHandle } from '@/db/client';
import { runQueuedJobs } from './run-queued-jobs';

export function kickJobs(handle: DatabaseHandle): void {
  void runQueuedJobs(handle).catch((err) => console.error('[switchyard] job runner stopped', err));
}
