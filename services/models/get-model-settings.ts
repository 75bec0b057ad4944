import 'server-only';
/** Everything Settings → Models shows: models in use, admin prices, aliases, tiers, and the pricer that prices them now. */
import { listModelAliases, listModelPrices, listModelsInUse, listTierOverrides, listTiers } from '@/db/queries/models';
import { getPricer } from '@/db/queries/pricing-config';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function getModelSettings(ctx: ServiceContext) {
  assertCan(ctx.actor, 'models:manage');
  const [models, prices, aliases, tiers, overrides, pricer] = await Promise.all([
    listModelsInUse(ctx.db),
    listModelPrices(ctx.db),
    listModelAliases(ctx.db),
    listTiers(ctx.db),
    listTierOverrides(ctx.db),
    getPricer(ctx.db),
  ]);
  return { models, prices, aliases, tiers, overrides, pricer };
}
