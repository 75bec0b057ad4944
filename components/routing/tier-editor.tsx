'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import type { ModelOption } from '@/lib/pricing/model-options';
import { addTier, type DraftDocument, removeTier, renameTier, setTierModels } from '@/lib/routing/editing';
import { ModelListEditor } from './model-list-editor';

/** The document's tiers: each an ordered list of models (first is primary), renamed, added and removed here. */
export function TierEditor({
  doc,
  options,
  onChange,
}: {
  doc: DraftDocument;
  options: ReadonlyMap<string, ModelOption>;
  onChange: (next: DraftDocument) => void;
}) {
  const [name, setName] = useState('');
  return (
    <div className="space-y-4" data-testid="tier-editor">
      {Object.entries(doc.tiers).map(([tier, models]) => (
        <fieldset key={tier} className="rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold text-slate-900">{tier}</legend>
          <div className="mb-2 flex items-center gap-2">
            <TierName tier={tier} onRename={(to) => onChange(renameTier(doc, tier, to))} />
            <Button type="button" variant="danger" className="ml-auto" onClick={() => onChange(removeTier(doc, tier))}>
              Remove tier {tier}
            </Button>
          </div>
          <ModelListEditor
            label={`tier "${tier}"`}
            models={models}
            options={options}
            onChange={(m) => onChange(setTierModels(doc, tier, m))}
          />
        </fieldset>
      ))}
      <div className="flex items-end gap-2">
        <Field label="New tier" name="new-tier">
          <Input className="w-48" value={name} onChange={(e) => setName(e.target.value.trim().toLowerCase())} placeholder="e.g. local" />
        </Field>
        <Button
          type="button"
          variant="secondary"
          disabled={name === '' || name in doc.tiers}
          onClick={() => {
            onChange(addTier(doc, name));
            setName('');
          }}
        >
          Add tier
        </Button>
      </div>
    </div>
  );
}

/** Renames on blur or Enter, so routes follow the tier once, not on every keystroke. */
function TierName({ tier, onRename }: { tier: string; onRename: (to: string) => void }) {
  const [text, setText] = useState(tier);
  const commit = () => {
    const to = text.trim();
    if (to !== '' && to !== tier) onRename(to);
    else setText(tier);
  };
  return (
    <Input
      aria-label={`Name of tier ${tier}`}
      className="w-48"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}
