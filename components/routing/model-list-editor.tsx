'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import type { ModelOption } from '@/lib/pricing/model-options';
import { moveInList } from '@/lib/routing/editing';
import { MODEL_LIST_ID, ModelPrice } from './model-picker';

/** An ordered list of `provider/model` ids (a tier, a rule's fallbacks): first is primary; add, reorder, remove. */
export function ModelListEditor({
  label,
  models,
  options,
  onChange,
}: {
  /** What the list is, for labels: `tier "balanced"`, `fallbacks of "code"`. */
  label: string;
  models: readonly string[];
  options: ReadonlyMap<string, ModelOption>;
  onChange: (next: string[]) => void;
}) {
  const [adding, setAdding] = useState('');
  const add = () => {
    const id = adding.trim();
    if (id === '') return;
    onChange([...models, id]);
    setAdding('');
  };
  return (
    <div className="space-y-1.5">
      {models.length === 0 ? <p className="text-xs text-amber-700">No model yet.</p> : null}
      <ol className="space-y-1" aria-label={`Models of ${label}`}>
        {models.map((m, i) => (
          // A repeated model is a warning, not an error: number the repeats for a stable key.
          <li key={`${m}#${models.slice(0, i).filter((x) => x === m).length}`} className="flex flex-wrap items-center gap-2 text-sm">
            <span className="w-5 text-right text-xs text-slate-400">{i + 1}.</span>
            <span className="font-mono text-slate-900">{m}</span>
            <ModelPrice model={m} options={options} />
            <span className="ml-auto flex gap-1">
              <Button
                type="button"
                variant="ghost"
                aria-label={`Move ${m} up in ${label}`}
                disabled={i === 0}
                onClick={() => onChange(moveInList(models, i, i - 1))}
              >
                ↑
              </Button>
              <Button
                type="button"
                variant="ghost"
                aria-label={`Move ${m} down in ${label}`}
                disabled={i === models.length - 1}
                onClick={() => onChange(moveInList(models, i, i + 1))}
              >
                ↓
              </Button>
              <Button
                type="button"
                variant="ghost"
                aria-label={`Remove ${m} from ${label}`}
                onClick={() => onChange(models.filter((_, k) => k !== i))}
              >
                ✕
              </Button>
            </span>
          </li>
        ))}
      </ol>
      <div className="flex gap-2">
        <Input
          list={MODEL_LIST_ID}
          aria-label={`Add a model to ${label}`}
          placeholder="provider/model"
          className="w-72 font-mono"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button type="button" variant="secondary" onClick={add} disabled={adding.trim() === ''}>
          Add model
        </Button>
      </div>
    </div>
  );
}
