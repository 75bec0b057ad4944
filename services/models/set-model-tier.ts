import 'server-only';
/** Sets (or, with an empty tier, clears) an admin's tier for a model. New events take it at once; history moves only with a re-tier. */
import { recordAudit } from '@/db/queries/audit';
import { deleteModelTierByName, getTierByName, upsertModelTier } from '@/db/queries/models';
import { invalidatePricer } from '@/db/queries/pricing-config';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { modelTierSchema } from '@/lib/pricing/schemas';
import type { ServiceContext } from '../context';

export async function setModelTier(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'models:manage');
  const { provider, model, tier: text } = parseInput(modelTierSchema, input);
  const actor = ctx.actor;
  const tier = text === '' ? null : text;
  await ctx.db.transaction(async (tx) => {
    if (tier === null) await deleteModelTierByName(tx, { provider, model });
    else {
      if (!(await getTierByName(tx, { name: tier }))) {
        throw new AppError('bad_request:model', `Unknown tier "${tier}".`, { fields: { tier: ['Unknown tier.'] } });
      }
      await upsertModelTier(tx, { provider, model, tier });
    }
    await recordAudit(tx, { actor, action: 'model.tier_set', targetType: 'model', targetId: `${provider}/${model}`, details: { tier } });
  });
  invalidatePricer();
  return { provider, model, tier };
}
