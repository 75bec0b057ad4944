/**
 * The routing editor's model picker: `provider/model` ids from the bundled catalog's main providers, the
 * models seen in traffic and those with an admin price, each with the $/MTok in and out in force now
 * (an admin price wins over the catalog, as the pricer decides). Pure: the caller passes the pricer.
 */
import { findProvider } from '@pydantic/genai-prices';
import type { Price } from './price-table';
import type { Pricer } from './pricer';

export interface ModelOption {
  /** `provider/model`. */
  id: string;
  /** µ$ per million tokens (the base price of a tiered one); null when unpriced. */
  inputMicrosPerMTok: number | null;
  outputMicrosPerMTok: number | null;
  /** Where the price comes from; null when unpriced. */
  source: 'admin' | 'catalog' | null;
  tier: string;
}

/** The providers whose catalog models the picker lists (others can still be typed or come from traffic). */
export const PICKER_PROVIDERS = ['anthropic', 'openai', 'google', 'mistral', 'deepseek', 'x-ai'] as const;

const base = (p: Price) => (typeof p === 'number' ? p : p.base);

export function catalogModelIds(providers: readonly string[] = PICKER_PROVIDERS): string[] {
  const out: string[] = [];
  for (const providerId of providers) {
    for (const m of findProvider({ providerId })?.models ?? []) out.push(`${providerId}/${m.id}`);
  }
  return out;
}

export function modelOptions(pricer: Pricer, ids: Iterable<string>, at: Date): ModelOption[] {
  const seen = new Map<string, ModelOption>();
  for (const raw of ids) {
    const slash = raw.indexOf('/');
    if (slash <= 0) continue;
    const provider = raw.slice(0, slash).toLowerCase();
    const model = raw.slice(slash + 1);
    const id = `${provider}/${model}`;
    if (seen.has(id)) continue;
    const priced = pricer.priceTableAt(provider, model, at);
    seen.set(id, {
      id,
      inputMicrosPerMTok: priced ? base(priced.table.input) : null,
      outputMicrosPerMTok: priced ? base(priced.table.output) : null,
      source: priced ? (priced.source.startsWith('custom:') ? 'admin' : 'catalog') : null,
      tier: pricer.tierOf(provider, model),
    });
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}
