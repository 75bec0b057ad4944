/**
 * The bundled @pydantic/genai-prices catalog (works offline; no price table is written here).
 * The library matches a provider and model name to a catalog model once (cached); the price in force
 * at an event's timestamp is then chosen from that model's dated price list on every event.
 */
import { calcPrice, findProvider, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';
import { microsPerMTok, type Price, type PriceTable } from './price-table';

export const CATALOG_VERSION = 'genai-prices@0.1.8';

export interface CatalogModel {
  providerId: string;
  model: ModelInfo;
  /** `catalog:<version>:<provider>/<model>`, the price source stored on each event it prices. */
  source: string;
}

const resolved = new Map<string, CatalogModel | null>();

/** The catalog model for a provider and model name, or null when the catalog does not know it. */
export function findCatalogModel(provider: string, model: string): CatalogModel | null {
  const key = `${provider}\u0000${model}`;
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  let found: CatalogModel | null = null;
  try {
    // A provider the catalog knows decides alone; for an unknown one (a gateway's name for it), the
    // model name is matched across providers.
    const known = findProvider({ providerId: provider });
    const result = calcPrice({ input_tokens: 1 }, model, known ? { providerId: provider } : {});
    if (result)
      found = {
        providerId: result.provider.id,
        model: result.model,
        source: `catalog:${CATALOG_VERSION}:${result.provider.id}/${result.model.id}`,
      };
  } catch {
    found = null;
  }
  resolved.set(key, found);
  return found;
}

const startTimes = new Map<string, number>();

/** A catalog start date in epoch milliseconds (parsed once). */
function startTime(date: string): number {
  let ms = startTimes.get(date);
  if (ms === undefined) startTimes.set(date, (ms = new Date(date).getTime()));
  return ms;
}

function selectModelPrice(info: ModelInfo, at: Date): ModelPrice {
  if (!Array.isArray(info.prices)) return info.prices;
  // Mirrors the library's own selection: the last entry whose constraint holds at `at`.
  const seconds = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds();
  for (let i = info.prices.length - 1; i >= 0; i--) {
    const entry = info.prices[i]!;
    const c = entry.constraint;
    if (!c) return entry.prices;
    if (c.type === 'start_date' && at.getTime() >= startTime(c.start_date)) return entry.prices;
    if (c.type === 'time_of_date') {
      const start = timeOfDay(c.start_time);
      const end = timeOfDay(c.end_time);
      const inside = end < start ? seconds >= start || seconds < end : seconds >= start && seconds < end;
      if (inside) return entry.prices;
    }
  }
  return info.prices[0]!.prices;
}

function timeOfDay(value: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!m) return 0;
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const offset = m[4] === 'Z' ? 0 : (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 3600 + Number(m[7]) * 60);
  return (local - offset + 86_400) % 86_400;
}

function toPrice(value: ModelPrice[string]): Price | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return microsPerMTok(value);
  return {
    base: microsPerMTok(value.base),
    tiers: [...value.tiers].sort((a, b) => a.start - b.start).map((t) => ({ start: t.start, price: microsPerMTok(t.price) })),
  };
}

/** Each catalog price entry converted once (every event priced by it shares the same, unmodified table). */
const tables = new WeakMap<ModelPrice, PriceTable | null>();

export function catalogPriceTable(found: CatalogModel, at: Date): PriceTable | null {
  const p = selectModelPrice(found.model, at);
  let table = tables.get(p);
  if (table === undefined) tables.set(p, (table = toPriceTable(p)));
  return table;
}

function toPriceTable(p: ModelPrice): PriceTable | null {
  const input = toPrice(p.input_mtok);
  const output = toPrice(p.output_mtok);
  if (input === undefined || output === undefined) return null;
  return {
    input,
    output,
    cacheRead: toPrice(p.cache_read_mtok),
    cacheWrite: toPrice(p.cache_write_mtok),
    cacheWrite5m: toPrice(p.cache_write_5m_mtok),
    cacheWrite1h: toPrice(p.cache_write_1h_mtok),
    reasoning: toPrice(p.output_reasoning_mtok),
  };
}

/** A price that applies from a date; the catalog's start dates, for the Models page and tiers. */
export function catalogOutputPriceNow(found: CatalogModel, at = new Date()): number | null {
  const table = catalogPriceTable(found, at);
  if (!table) return null;
  return typeof table.output === 'number' ? table.output : table.output.base;
}
