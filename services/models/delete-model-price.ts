import 'server-only';
/** Deletes an admin price, then re-prices the history it covered. */
import { recordAudit } from '@/db/queries/audit';
import { deleteModelPriceById } from '@/db/queries/models';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { modelPriceIdSchema } from '@/lib/pricing/schemas';
import type { ServiceContext } from '../context';
import { enqueueRewriteJob } from '../jobs/enqueue-rewrite-job';

export async function deleteModelPrice(ctx: ServiceContext, input: unknown): Promise<{ jobId: string }> {
  assertCan(ctx.actor, 'models:manage');
  const { id } = parseInput(modelPriceIdSchema, input);
  const actor = ctx.actor;
  const row = await ctx.db.transaction(async (tx) => {
    const deleted = await deleteModelPriceById(tx, { id });
    if (!deleted) throw new AppError('not_found:model', 'No such price.');
    await recordAudit(tx, {
      actor,
      action: 'model.price_delete',
      targetType: 'model',
      targetId: `${deleted.provider}/${deleted.model}`,
      details: { priceId: id },
    });
    return deleted;
  });
  const job = await enqueueRewriteJob(ctx, {
    kind: 'reprice',
    params: { provider: row.provider, model: row.model, from: row.effectiveFrom.toISOString() },
  });
  return { jobId: job.id };
}
