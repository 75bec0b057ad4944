/** Queues a re-price or re-tier of one model's history and starts the runner. */
import type { DatabaseHandle } from '@/db/client';
import { createJob } from '@/db/queries/jobs';
import { invalidatePricer } from '@/db/queries/pricing-config';
import type { UserActor } from '@/lib/auth/actor';
import { kickJobs, type RewriteJobParams } from './runner';

export async function enqueueRewrite(handle: DatabaseHandle, actor: UserActor, kind: 'reprice' | 'retier', params: RewriteJobParams) {
  invalidatePricer();
  const job = await createJob(handle.db, { kind, params: { ...params }, createdBy: actor.userId });
  kickJobs(handle);
  return job;
}
