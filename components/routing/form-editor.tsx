'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ModelOption } from '@/lib/pricing/model-options';
import { addRule, type DraftDocument, moveRule, removeRule, replaceRule } from '@/lib/routing/editing';
import { RuleForm } from './rule-form';
import { RuleList } from './rule-list';
import { TierEditor } from './tier-editor';
import type { BudgetChoice } from './types';

/** The draft as a form: the ordered rules and the fields of the selected one, then the tiers they route to. */
export function FormEditor({
  doc,
  options,
  budgets,
  onChange,
}: {
  doc: DraftDocument;
  options: ReadonlyMap<string, ModelOption>;
  budgets: readonly BudgetChoice[];
  onChange: (next: DraftDocument) => void;
}) {
  const [selected, setSelected] = useState<number | null>(null);
  const rule = selected === null ? undefined : doc.rules[selected];
  return (
    <div className="space-y-6">
      <section aria-labelledby="routing-rules-heading" className="space-y-3">
        <div className="flex items-center justify-between">
          <h3 id="routing-rules-heading" className="text-sm font-semibold text-slate-900">
            Rules (the first that matches decides; the last is the default)
          </h3>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              const added = addRule(doc);
              onChange(added.doc);
              setSelected(added.index);
            }}
          >
            Add rule
          </Button>
        </div>
        <RuleList
          rules={doc.rules}
          selected={selected}
          onSelect={(i) => setSelected(selected === i ? null : i)}
          onMove={(from, to) => {
            onChange(moveRule(doc, from, to));
            if (selected === from) setSelected(to);
            else if (selected !== null && from < selected && to >= selected) setSelected(selected - 1);
            else if (selected !== null && from > selected && to <= selected) setSelected(selected + 1);
          }}
          onDelete={(i) => {
            onChange(removeRule(doc, i));
            if (selected === i) setSelected(null);
            else if (selected !== null && i < selected) setSelected(selected - 1);
          }}
        />
        {rule && selected !== null ? (
          <div className="rounded-md border border-slate-300 bg-white p-4">
            <h4 className="mb-3 text-sm font-semibold text-slate-900">
              Rule {selected + 1}: <span className="font-mono">{rule.id}</span>
            </h4>
            <RuleForm
              key={selected}
              rule={rule}
              tiers={Object.keys(doc.tiers)}
              options={options}
              budgets={budgets}
              onChange={(r) => onChange(replaceRule(doc, selected, r))}
            />
          </div>
        ) : (
          <p className="text-sm text-slate-500">Select a rule to edit its tests and route.</p>
        )}
      </section>
      <section aria-labelledby="routing-tiers-heading">
        <h3 id="routing-tiers-heading" className="mb-2 text-sm font-semibold text-slate-900">
          Tiers (first model primary, the rest its fallbacks)
        </h3>
        <TierEditor doc={doc} options={options} onChange={onChange} />
      </section>
    </div>
  );
}
