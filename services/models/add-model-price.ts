import 'server-only';
/** An admin price from a date (UTC), then a re-price of the history it covers. */
import { recordAudit } from '@/db/queries/audit';
import { insertModelPrice } from '@/db/queries/models';
import type { ModelPriceRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { modelPriceSchema } from '@/lib/pricing/schemas';
import type { ServiceContext } from '../context';
import { enqueueRewriteJob } from '../jobs/enqueue-rewrite-job';

export async function addModelPrice(ctx: ServiceContext, input: unknown): Promise<{ price: ModelPriceRow; jobId: string }> {
  assertCan(ctx.actor, 'models:manage');
  const data = parseInput(modelPriceSchema, input);
  const actor = ctx.actor;
  const effectiveFrom = new Date(`${data.effectiveFrom}T00:00:00Z`);
  const price = await ctx.db.transaction(async (tx) => {
    const row = await insertModelPrice(tx, {
      provider: data.provider.toLowerCase(),
      model: data.model,
      effectiveFrom,
      inputMicrosPerMTok: data.input!,
      outputMicrosPerMTok: data.output!,
      cacheReadMicrosPerMTok: data.cacheRead,
      cacheWrite5mMicrosPerMTok: data.cacheWrite5m,
      cacheWrite1hMicrosPerMTok: data.cacheWrite1h,
      note: data.note ?? '',
      createdBy: actor.kind === 'user' ? actor.userId : null,
    });
    if (!row) {
      throw new AppError('conflict:model', 'This model already has a price from that date. Delete it first to replace it.', {
        fields: { effectiveFrom: ['Already used.'] },
      });
    }
    await recordAudit(tx, {
      actor,
      action: 'model.price_add',
      targetType: 'model',
      targetId: `${row.provider}/${row.model}`,
      details: { priceId: row.id, effectiveFrom: row.effectiveFrom.toISOString() },
    });
    return row;
  });
  const job = await enqueueRewriteJob(ctx, {
    kind: 'reprice',
    params: { provider: price.provider, model: price.model, from: effectiveFrom.toISOString() },
  });
  return { price, jobId: job.id };
}
