'use client';

import { formatDollarsPerMTok } from '@/lib/format';
import type { ModelOption } from '@/lib/pricing/model-options';

export const MODEL_LIST_ID = 'routing-model-options';

/** Price text for a model: `$3.00 in / $15.00 out per MTok (admin price)`, or that it has none. */
export function priceLabel(option: ModelOption | undefined): string {
  if (!option) return 'not in the catalog';
  if (option.inputMicrosPerMTok === null || option.outputMicrosPerMTok === null) return 'no price';
  const where = option.source === 'admin' ? ' (admin price)' : '';
  return `${formatDollarsPerMTok(option.inputMicrosPerMTok)} in / ${formatDollarsPerMTok(option.outputMicrosPerMTok)} out per MTok${where}`;
}

/** The one <datalist> every model field of the editor suggests from, with the prices in each option's label. */
export function ModelOptionsList({ options }: { options: readonly ModelOption[] }) {
  return (
    <datalist id={MODEL_LIST_ID}>
      {options.map((o) => (
        <option key={o.id} value={o.id} label={`${o.tier} · ${priceLabel(o)}`} />
      ))}
    </datalist>
  );
}

export function ModelPrice({ model, options }: { model: string; options: ReadonlyMap<string, ModelOption> }) {
  const option = options.get(model.toLowerCase());
  const tone = option && option.source !== null ? 'text-slate-500' : 'text-amber-700';
  return <span className={`text-xs ${tone}`}>{priceLabel(option)}</span>;
}
