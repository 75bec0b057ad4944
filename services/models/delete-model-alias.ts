import 'server-only';
import { recordAudit } from '@/db/queries/audit';
import { deleteModelAliasByName } from '@/db/queries/models';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { modelNameSchema } from '@/lib/pricing/schemas';
import type { ServiceContext } from '../context';
import { enqueueRewriteJob } from '../jobs/enqueue-rewrite-job';

export async function deleteModelAlias(ctx: ServiceContext, input: unknown): Promise<{ jobId: string }> {
  assertCan(ctx.actor, 'models:manage');
  const { provider, model } = parseInput(modelNameSchema, input);
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    if ((await deleteModelAliasByName(tx, { provider, model })) === 0) throw new AppError('not_found:model', 'No such alias.');
    await recordAudit(tx, { actor, action: 'model.alias_delete', targetType: 'model', targetId: `${provider}/${model}` });
  });
  const job = await enqueueRewriteJob(ctx, { kind: 'reprice', params: { provider, model } });
  return { jobId: job.id };
}
