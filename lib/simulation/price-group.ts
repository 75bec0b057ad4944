/**
 * Prices a group of requests on another model with the pricing engine itself (computeCost). Tier
 * selection happens per request in computeCost, on its own input; a group's summed input would cross
 * thresholds its requests never reach, so the table is first resolved at the group's input class (every
 * request of the class selects the same tier) and the summed tokens are priced at those flat prices.
 *
 * Rounding: the ingestion pricer rounds each request to the micro-dollar; a group is rounded once.
 * With half-up rounding each request's error lies in (−½, ½] µ$, so for a group of n requests
 * |Σ round(cᵢ) − round(Σ cᵢ)| < (n + 1)/2, an integer, hence ≤ ⌊n/2⌋ µ$ (0 for a single request).
 */
import { computeCost } from '@/lib/pricing/cost';
import type { Pricer } from '@/lib/pricing/pricer';
import { type Price, type PriceTable, priceAt } from '@/lib/pricing/price-table';
import { classInputTokens, type GroupingPlan, modelKey, sliceStart } from './group';
import type { CacheAssumption, ModelRef, TokenSums } from './types';

/** The table's prices for a request of `inputTokens`, as plain numbers (absent classes stay absent). */
export function flattenTable(table: PriceTable, inputTokens: number): PriceTable {
  const flat = (p: Price | undefined) => (p === undefined ? undefined : priceAt(p, inputTokens));
  return {
    input: priceAt(table.input, inputTokens),
    output: priceAt(table.output, inputTokens),
    cacheRead: flat(table.cacheRead),
    cacheWrite5m: flat(table.cacheWrite5m),
    cacheWrite1h: flat(table.cacheWrite1h),
    cacheWrite: flat(table.cacheWrite),
    reasoning: flat(table.reasoning),
  };
}

/** The most a grouped cost can differ from the sum of its requests' individually rounded costs. */
export function groupRoundingBound(requests: number): number {
  return Math.floor(requests / 2);
}

/** Token classes a moved request is billed for: without the cache assumption, reads and writes become input. */
export function movedUsage(tokens: TokenSums, cache: CacheAssumption): TokenSums {
  if (cache === 'kept-when-moved') return tokens;
  return { ...tokens, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
}

export interface GroupPricer {
  /** The cost of a group on `target`, or null when that model has no price in the group's slice. */
  cost(target: ModelRef, timeSlice: number, inputClass: number, tokens: TokenSums, cache: CacheAssumption): number | null;
  /** Whether the model has a price in the slice. */
  isPriced(target: ModelRef, timeSlice: number): boolean;
  /** The model's tier, for decisions that name a model without one. */
  tierOf(target: ModelRef): string;
}

/** Resolves each (model, slice, class) table once: a replay asks for the same few thousands again and again. */
export function createGroupPricer(pricer: Pricer, plan: GroupingPlan): GroupPricer {
  const classes = plan.inputTokenBounds.length + 1;
  // Per model: tables by slice, flattened tables by slice × class (undefined: not resolved yet).
  const cache = new Map<string, { tables: (PriceTable | null | undefined)[]; flat: (PriceTable | null | undefined)[] }>();
  const entry = (target: ModelRef) => {
    const key = modelKey(target);
    let e = cache.get(key);
    if (!e) cache.set(key, (e = { tables: [], flat: [] }));
    return e;
  };
  const tableAt = (e: ReturnType<typeof entry>, target: ModelRef, slice: number) => {
    let table = e.tables[slice];
    if (table === undefined)
      e.tables[slice] = table = pricer.priceTableAt(target.provider, target.model, sliceStart(plan, slice))?.table ?? null;
    return table;
  };
  return {
    isPriced: (target, slice) => tableAt(entry(target), target, slice) !== null,
    tierOf: (target) => pricer.tierOf(target.provider, target.model),
    cost(target, slice, inputClass, tokens, cache) {
      const e = entry(target);
      const i = slice * classes + inputClass;
      let flat = e.flat[i];
      if (flat === undefined) {
        const table = tableAt(e, target, slice);
        e.flat[i] = flat = table && flattenTable(table, classInputTokens(plan, inputClass));
      }
      return flat ? computeCost(movedUsage(tokens, cache), flat).totalMicros : null;
    },
  };
}
