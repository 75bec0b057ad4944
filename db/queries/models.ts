/** Models as Settings → Models shows them, and the admin pricing configuration: data access only (services/models). */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { type ModelAliasRow, type ModelPriceRow, modelAliases, modelPrices, modelTiers, tiers } from '../schema';

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

type NewPrice = Omit<ModelPriceRow, 'id' | 'createdAt'>;

/** The new price, or undefined when the model already has one from that instant. */
export async function insertModelPrice(db: Database, values: NewPrice): Promise<ModelPriceRow | undefined> {
  const [row] = await db.insert(modelPrices).values(values).onConflictDoNothing().returning();
  return row;
}

export async function deleteModelPriceById(db: Database, { id }: { id: string }): Promise<ModelPriceRow | undefined> {
  const [row] = await db.delete(modelPrices).where(eq(modelPrices.id, id)).returning();
  return row;
}

export async function upsertModelAlias(db: Database, values: Omit<ModelAliasRow, 'createdAt'>): Promise<void> {
  await db
    .insert(modelAliases)
    .values(values)
    .onConflictDoUpdate({
      target: [modelAliases.provider, modelAliases.model],
      set: { targetProvider: values.targetProvider, targetModel: values.targetModel },
    });
}

/** How many aliases were deleted (0 or 1). */
export async function deleteModelAliasByName(db: Database, { provider, model }: { provider: string; model: string }): Promise<number> {
  const deleted = await db
    .delete(modelAliases)
    .where(and(eq(modelAliases.provider, provider), eq(modelAliases.model, model)))
    .returning();
  return deleted.length;
}

export async function getTierByName(db: Database, { name }: { name: string }) {
  const [row] = await db.select().from(tiers).where(eq(tiers.name, name));
  return row;
}

export async function upsertModelTier(db: Database, values: { provider: string; model: string; tier: string }): Promise<void> {
  await db
    .insert(modelTiers)
    .values(values)
    .onConflictDoUpdate({ target: [modelTiers.provider, modelTiers.model], set: { tier: values.tier } });
}

export async function deleteModelTierByName(db: Database, { provider, model }: { provider: string; model: string }): Promise<void> {
  await db.delete(modelTiers).where(and(eq(modelTiers.provider, provider), eq(modelTiers.model, model)));
}
