import 'server-only';
/** "Re-price history" / "Re-tier history" for one model, as a background job. */
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { rewriteHistorySchema } from '@/lib/pricing/schemas';
import type { ServiceContext } from '../context';
import { enqueueRewriteJob } from '../jobs/enqueue-rewrite-job';

export async function rewriteModelHistory(ctx: ServiceContext, input: unknown): Promise<{ jobId: string }> {
  assertCan(ctx.actor, 'models:manage');
  const { provider, model, kind } = parseInput(rewriteHistorySchema, input);
  const job = await enqueueRewriteJob(ctx, { kind, params: { provider, model } });
  return { jobId: job.id };
}
