import 'server-only';
/**
 * The routing editor's model picker: the bundled catalog's main providers, the models seen in traffic and those
 * with an admin price or alias, each with its $/MTok in and out now (admin prices win, as the pricer decides).
 * For people who edit routing (members too), unlike Settings → Models, which is for admins.
 */
import { listModelAliases, listModelPrices, listModelsInUse } from '@/db/queries/models';
import { getPricer } from '@/db/queries/pricing-config';
import { assertCan } from '@/lib/auth/guard';
import { catalogModelIds, type ModelOption, modelOptions } from '@/lib/pricing/model-options';
import type { ServiceContext } from '../context';

export async function listModelOptions(ctx: ServiceContext): Promise<ModelOption[]> {
  assertCan(ctx.actor, 'routing:edit');
  const [inUse, prices, aliases, pricer] = await Promise.all([
    listModelsInUse(ctx.db),
    listModelPrices(ctx.db),
    listModelAliases(ctx.db),
    getPricer(ctx.db, ctx.now.getTime()),
  ]);
  const ids = [
    ...inUse.map((m) => `${m.provider}/${m.model}`),
    ...prices.map((p) => `${p.provider}/${p.model}`),
    ...aliases.map((a) => `${a.provider}/${a.model}`),
    ...catalogModelIds(),
  ];
  return modelOptions(pricer, ids, ctx.now);
}
