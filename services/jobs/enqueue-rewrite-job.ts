import 'server-only';
/** Queues a re-price or re-tier of one model's history (run by the scheduler, services/jobs/run-rewrite-job.ts). */
import { invalidatePricer } from '@/db/queries/pricing-config';
import type { Job } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';
import { enqueueJob } from './enqueue-job';
import type { RewriteJobParams } from './run-rewrite-job';

export async function enqueueRewriteJob(
  ctx: ServiceContext,
  { kind, params }: { kind: 'reprice' | 'retier'; params: RewriteJobParams },
): Promise<Job> {
  assertCan(ctx.actor, 'models:manage');
  invalidatePricer();
  return enqueueJob(ctx, { kind, params: { ...params } });
}
