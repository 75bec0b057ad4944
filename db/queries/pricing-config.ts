/**
 * The pricing configuration (admin prices, aliases, tier overrides) as the pricer needs it, cached
 * per process for a short time; settings changes in this process invalidate it at once.
 */
import type { Database } from '../client';
import { modelAliases, modelPrices, modelTiers, type ModelPriceRow } from '../schema';
import { createPricer, type CustomPrice, type Pricer, type PricingConfig } from '@/lib/pricing/pricer';

const TTL_MS = 15_000;
let cached: { pricer: Pricer; at: number; db: Database } | undefined;

export function toCustomPrice(row: ModelPriceRow): CustomPrice {
  const opt = (v: number | null) => (v === null ? undefined : v);
  return {
    id: row.id,
    provider: row.provider,
    model: row.model,
    effectiveFrom: row.effectiveFrom,
    table: {
      input: row.inputMicrosPerMTok,
      output: row.outputMicrosPerMTok,
      cacheRead: opt(row.cacheReadMicrosPerMTok),
      cacheWrite5m: opt(row.cacheWrite5mMicrosPerMTok),
      cacheWrite1h: opt(row.cacheWrite1hMicrosPerMTok),
    },
  };
}

export async function loadPricingConfig(db: Database): Promise<PricingConfig> {
  const [prices, aliases, tierRows] = await Promise.all([
    db.select().from(modelPrices),
    db.select().from(modelAliases),
    db.select().from(modelTiers),
  ]);
  return {
    customPrices: prices.map(toCustomPrice),
    aliases: aliases.map(({ provider, model, targetProvider, targetModel }) => ({ provider, model, targetProvider, targetModel })),
    tierOverrides: tierRows,
  };
}

export async function getPricer(db: Database, now = Date.now()): Promise<Pricer> {
  if (cached && cached.db === db && now - cached.at < TTL_MS) return cached.pricer;
  const pricer = createPricer(await loadPricingConfig(db));
  cached = { pricer, at: now, db };
  return pricer;
}

export function invalidatePricer(): void {
  cached = undefined;
}
