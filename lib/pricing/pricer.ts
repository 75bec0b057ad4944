/**
 * Prices events: admin prices first (custom, negotiated, self-hosted, with effective dates), then the
 * bundled catalog; aliases map a model name the catalog does not know to one it does. A model with no
 * price is unpriced (cost null), never free. Pure: the configuration is passed in.
 */
import { catalogOutputPriceNow, catalogPriceTable, findCatalogModel } from './catalog';
import { computeCost, type TokenUsage } from './cost';
import type { PriceTable } from './price-table';
import { tierForOutputPrice } from './tiers';

export interface CustomPrice {
  id: string;
  provider: string;
  model: string;
  effectiveFrom: Date;
  table: PriceTable;
}

export interface ModelAlias {
  provider: string;
  model: string;
  targetProvider: string;
  targetModel: string;
}

export interface TierOverride {
  provider: string;
  model: string;
  tier: string;
}

export interface PricingConfig {
  customPrices: readonly CustomPrice[];
  aliases: readonly ModelAlias[];
  tierOverrides: readonly TierOverride[];
}

export const EMPTY_PRICING_CONFIG: PricingConfig = { customPrices: [], aliases: [], tierOverrides: [] };

export interface PricedUsage {
  costMicros: number | null;
  cacheSavingsMicros: number | null;
  /** `custom:<price id>` or `catalog:<version>:<provider>/<model>`; null when unpriced. */
  priceSource: string | null;
}

export interface Pricer {
  price(provider: string, model: string, at: Date, usage: TokenUsage): PricedUsage;
  tierOf(provider: string, model: string): string;
  /** The price table in force at `at` and where it comes from, or null when unpriced. */
  priceTableAt(provider: string, model: string, at: Date): { table: PriceTable; source: string } | null;
}

const key = (provider: string, model: string) => `${provider.toLowerCase()}\u0000${model.toLowerCase()}`;

export function createPricer(config: PricingConfig, now: () => Date = () => new Date()): Pricer {
  const aliases = new Map(config.aliases.map((a) => [key(a.provider, a.model), a]));
  const customs = new Map<string, CustomPrice[]>();
  for (const c of [...config.customPrices].sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime())) {
    const k = key(c.provider, c.model);
    customs.set(k, [...(customs.get(k) ?? []), c]);
  }
  const tierOverrides = new Map(config.tierOverrides.map((t) => [key(t.provider, t.model), t.tier]));
  const tierCache = new Map<string, string>();

  const target = (provider: string, model: string) => {
    const alias = aliases.get(key(provider, model));
    return alias ? { provider: alias.targetProvider, model: alias.targetModel } : { provider, model };
  };

  /** The admin price in force at `at` (newest effective date first), if any. */
  const customAt = (provider: string, model: string, at: Date) => customs.get(key(provider, model))?.find((c) => c.effectiveFrom <= at);

  const priceTableAt = (provider: string, model: string, at: Date) => {
    const t = target(provider, model);
    const custom = customAt(t.provider, t.model, at) ?? customAt(provider, model, at);
    if (custom) return { table: custom.table, source: `custom:${custom.id}` };
    const found = findCatalogModel(t.provider, t.model);
    const table = found && catalogPriceTable(found, at);
    return found && table ? { table, source: found.source } : null;
  };

  return {
    priceTableAt,

    price(provider, model, at, usage) {
      const priced = priceTableAt(provider, model, at);
      if (!priced) return { costMicros: null, cacheSavingsMicros: null, priceSource: null };
      const cost = computeCost(usage, priced.table);
      return { costMicros: cost.totalMicros, cacheSavingsMicros: cost.cacheSavingsMicros, priceSource: priced.source };
    },

    tierOf(provider, model) {
      const k = key(provider, model);
      const cached = tierCache.get(k);
      if (cached) return cached;
      const t = target(provider, model);
      let tier = tierOverrides.get(k) ?? tierOverrides.get(key(t.provider, t.model));
      if (!tier) {
        const custom = customAt(t.provider, t.model, now());
        if (custom) tier = tierForOutputPrice(typeof custom.table.output === 'number' ? custom.table.output : custom.table.output.base);
        else {
          const found = findCatalogModel(t.provider, t.model);
          tier = tierForOutputPrice(found ? catalogOutputPriceNow(found, now()) : null);
        }
      }
      tierCache.set(k, tier);
      return tier;
    },
  };
}
