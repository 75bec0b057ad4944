/**
 * The instants inside a period where the price of any of the given models changes: admin prices'
 * effective dates, the catalog's dated prices and its time-of-day prices (off-peak hours, every day).
 * Candidates are a generous superset; only those where `priceTableAt` really answers differently are kept,
 * so pricing stays the pricer's alone.
 */
import { findCatalogModel } from '@/lib/pricing/catalog';
import type { Pricer, PricingConfig } from '@/lib/pricing/pricer';
import type { ModelRef } from './types';

const DAY_MS = 86_400_000;

/** Seconds after UTC midnight of a catalog time of day (`16:30:00Z`, `08:00:00+08:00`). */
function utcSecondOfDay(value: string): number | null {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!m) return null;
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const offset = m[4] === 'Z' ? 0 : (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 3600 + Number(m[7]) * 60);
  return (((local - offset) % 86_400) + 86_400) % 86_400;
}

function catalogCandidates(ref: ModelRef, from: Date, to: Date, out: Set<number>): void {
  const found = findCatalogModel(ref.provider, ref.model);
  const prices = found?.model.prices;
  if (!Array.isArray(prices)) return;
  for (const entry of prices) {
    const c = entry.constraint;
    if (!c) continue;
    if (c.type === 'start_date') out.add(new Date(c.start_date).getTime());
    else if (c.type === 'time_of_date') {
      const seconds = [utcSecondOfDay(c.start_time), utcSecondOfDay(c.end_time)].filter((s): s is number => s !== null);
      for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS)
        for (const s of seconds) out.add(day + s * 1000);
    }
  }
}

/** The models a price may come from: the model itself and what an alias maps it to. */
function priceSources(ref: ModelRef, config: PricingConfig): ModelRef[] {
  const lower = (s: string) => s.toLowerCase();
  const alias = config.aliases.find((a) => lower(a.provider) === lower(ref.provider) && lower(a.model) === lower(ref.model));
  return alias ? [ref, { provider: alias.targetProvider, model: alias.targetModel }] : [ref];
}

const tableKey = (priced: ReturnType<Pricer['priceTableAt']>) => (priced ? JSON.stringify(priced.table) : 'unpriced');

/** Ascending instants in (from, to) where at least one model's price table changes. */
export function priceChangeInstants(input: {
  pricer: Pricer;
  pricing: PricingConfig;
  models: readonly ModelRef[];
  from: Date;
  to: Date;
}): Date[] {
  const { pricer, pricing, models, from, to } = input;
  const candidates = new Set<number>(pricing.customPrices.map((c) => c.effectiveFrom.getTime()));
  for (const ref of models) for (const source of priceSources(ref, pricing)) catalogCandidates(source, from, to, candidates);
  const inside = [...candidates].filter((t) => t > from.getTime() && t < to.getTime()).sort((a, b) => a - b);

  // Prices are constant between consecutive candidates, so a change at t shows against the candidate before it.
  const changes: Date[] = [];
  let previous = models.map((m) => tableKey(pricer.priceTableAt(m.provider, m.model, from)));
  for (const t of inside) {
    const at = new Date(t);
    const current = models.map((m) => tableKey(pricer.priceTableAt(m.provider, m.model, at)));
    if (current.some((k, i) => k !== previous[i])) changes.push(at);
    previous = current;
  }
  return changes;
}
