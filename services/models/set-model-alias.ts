import 'server-only';
/** Maps a model name the catalog does not know to one it does, then re-prices that name's history. */
import { recordAudit } from '@/db/queries/audit';
import { upsertModelAlias } from '@/db/queries/models';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { modelAliasSchema } from '@/lib/pricing/schemas';
import type { ServiceContext } from '../context';
import { enqueueRewriteJob } from '../jobs/enqueue-rewrite-job';

export async function setModelAlias(ctx: ServiceContext, input: unknown): Promise<{ jobId: string }> {
  assertCan(ctx.actor, 'models:manage');
  const alias = parseInput(modelAliasSchema, input);
  const actor = ctx.actor;
  const values = { ...alias, provider: alias.provider.toLowerCase(), targetProvider: alias.targetProvider.toLowerCase() };
  await ctx.db.transaction(async (tx) => {
    await upsertModelAlias(tx, values);
    await recordAudit(tx, {
      actor,
      action: 'model.alias_set',
      targetType: 'model',
      targetId: `${values.provider}/${values.model}`,
      details: { target: `${values.targetProvider}/${values.targetModel}` },
    });
  });
  const job = await enqueueRewriteJob(ctx, { kind: 'reprice', params: { provider: values.provider, model: values.model } });
  return { jobId: job.id };
}
