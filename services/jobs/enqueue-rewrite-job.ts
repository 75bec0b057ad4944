import 'server-only';
/** Queues a re-price or re-tier of one model's history and starts the runner. */
import { createJob } from '@/db/queries/jobs';
import { invalidatePricer } from '@/db/queries/pricing-config';
import type { Job } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';
import { kickJobs } from './kick-jobs';
import type { RewriteJobParams } from './run-rewrite-job';

export async function enqueueRewriteJob(
  ctx: ServiceContext,
  { kind, params }: { kind: 'reprice' | 'retier'; params: RewriteJobParams },
): Promise<Job> {
  assertCan(ctx.actor, 'models:manage');
  invalidatePricer();
  const job = await createJob(ctx.db, { kind, params: { ...params }, createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null });
  kickJobs(ctx.handle);
  return job;
}
