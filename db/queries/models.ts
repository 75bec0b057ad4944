/** Models as Settings → Models shows them, and the admin pricing configuration (with its audit). */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { modelAliases, modelPrices, modelTiers, tiers, type ModelAliasRow, type ModelPriceRow } from '../schema';
import { recordAudit } from './audit';

export interface ModelInUse {
  provider: string;
  model: string;
  requests: number;
  costMicros: number;
  unpricedRequests: number;
  costMismatches: number;
  lastSeen: Date;
}

/** From the hourly rollup: every served model, its traffic and how much of it is unpriced. */
export async function listModelsInUse(db: Database): Promise<ModelInUse[]> {
  const rows = rowsOf<{
    provider: string;
    model: string;
    requests: string;
    cost: string;
    unpriced: string;
    mismatches: string;
    last_seen: string | Date;
  }>(
    await db.execute(sql`select provider, model, sum(requests)::text as requests, sum(cost_micros)::text as cost,
      sum(unpriced_requests)::text as unpriced, sum(cost_mismatches)::text as mismatches, max(hour) as last_seen
      from usage_hourly group by provider, model order by sum(cost_micros) desc, sum(requests) desc`),
  );
  return rows.map((r) => ({
    provider: r.provider,
    model: r.model,
    requests: Number(r.requests),
    costMicros: Number(r.cost),
    unpricedRequests: Number(r.unpriced),
    costMismatches: Number(r.mismatches),
    lastSeen: new Date(r.last_seen),
  }));
}

export async function listModelPrices(db: Database): Promise<ModelPriceRow[]> {
  return db.select().from(modelPrices).orderBy(asc(modelPrices.provider), asc(modelPrices.model), desc(modelPrices.effectiveFrom));
}

export async function listModelAliases(db: Database): Promise<ModelAliasRow[]> {
  return db.select().from(modelAliases).orderBy(asc(modelAliases.provider), asc(modelAliases.model));
}

export async function listTiers(db: Database) {
  return db.select().from(tiers).orderBy(asc(tiers.position));
}

export async function listTierOverrides(db: Database) {
  return db.select().from(modelTiers);
}

type NewPrice = Omit<ModelPriceRow, 'id' | 'createdAt' | 'createdBy'>;

export async function addModelPrice(db: Database, { actor, price }: { actor: UserActor; price: NewPrice }): Promise<ModelPriceRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(modelPrices)
      .values({ ...price, provider: price.provider.toLowerCase(), createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError('conflict:model', 'This model already has a price from that date. Delete it first to replace it.', {
        fields: { effectiveFrom: ['Already used.'] },
      });
    await recordAudit(tx, {
      actor,
      action: 'model.price_add',
      targetType: 'model',
      targetId: `${row.provider}/${row.model}`,
      details: { priceId: row.id, effectiveFrom: row.effectiveFrom.toISOString() },
    });
    return row;
  });
}

export async function deleteModelPrice(db: Database, { actor, id }: { actor: UserActor; id: string }): Promise<ModelPriceRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(modelPrices).where(eq(modelPrices.id, id)).returning();
    if (!row) throw new AppError('not_found:model', 'No such price.');
    await recordAudit(tx, {
      actor,
      action: 'model.price_delete',
      targetType: 'model',
      targetId: `${row.provider}/${row.model}`,
      details: { priceId: id },
    });
    return row;
  });
}

export async function upsertModelAlias(
  db: Database,
  { actor, alias }: { actor: UserActor; alias: Omit<ModelAliasRow, 'createdAt'> },
): Promise<void> {
  await db.transaction(async (tx) => {
    const values = { ...alias, provider: alias.provider.toLowerCase(), targetProvider: alias.targetProvider.toLowerCase() };
    await tx
      .insert(modelAliases)
      .values(values)
      .onConflictDoUpdate({
        target: [modelAliases.provider, modelAliases.model],
        set: { targetProvider: values.targetProvider, targetModel: values.targetModel },
      });
    await recordAudit(tx, {
      actor,
      action: 'model.alias_set',
      targetType: 'model',
      targetId: `${values.provider}/${values.model}`,
      details: { target: `${values.targetProvider}/${values.targetModel}` },
    });
  });
}

export async function deleteModelAlias(
  db: Database,
  { actor, provider, model }: { actor: UserActor; provider: string; model: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(modelAliases)
      .where(and(eq(modelAliases.provider, provider), eq(modelAliases.model, model)))
      .returning();
    if (deleted.length === 0) throw new AppError('not_found:model', 'No such alias.');
    await recordAudit(tx, { actor, action: 'model.alias_delete', targetType: 'model', targetId: `${provider}/${model}` });
  });
}

/** Sets (or with `tier` null, clears) an admin's tier for a model. New events use it at once. */
export async function setModelTier(
  db: Database,
  { actor, provider, model, tier }: { actor: UserActor; provider: string; model: string; tier: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (tier === null) await tx.delete(modelTiers).where(and(eq(modelTiers.provider, provider), eq(modelTiers.model, model)));
    else {
      const [known] = await tx.select().from(tiers).where(eq(tiers.name, tier));
      if (!known) throw new AppError('bad_request:model', `Unknown tier "${tier}".`, { fields: { tier: ['Unknown tier.'] } });
      await tx
        .insert(modelTiers)
        .values({ provider, model, tier })
        .onConflictDoUpdate({ target: [modelTiers.provider, modelTiers.model], set: { tier } });
    }
    await recordAudit(tx, { actor, action: 'model.tier_set', targetType: 'model', targetId: `${provider}/${model}`, details: { tier } });
  });
}
