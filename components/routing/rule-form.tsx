'use client';

import { useId, useState } from 'react';
import { Field, Input, Select } from '@/components/ui/field';
import type { ModelOption } from '@/lib/pricing/model-options';
import { BUDGET_STATES, type BudgetState, REASONING_EFFORTS } from '@/lib/routing/document';
import { type DraftRule, parseTagLines, tagLines } from '@/lib/routing/editing';
import { ListInput } from './list-input';
import { ModelListEditor } from './model-list-editor';
import { MODEL_LIST_ID, ModelPrice } from './model-picker';
import type { BudgetChoice } from './types';

type When = DraftRule['when'];

/** Drops keys whose value is undefined, so the JSON shows only the tests that are set. */
function withField<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

const LIST_TESTS = [
  { key: 'mode', label: 'Mode', hint: 'plan, architect, code, debug, ask, …' },
  { key: 'task', label: 'Task', hint: 'Finer task types, comma-separated.' },
  { key: 'project', label: 'Project', hint: 'Project slugs.' },
  { key: 'user', label: 'User', hint: 'User ids as events carry them (case-sensitive).' },
  { key: 'requestedModel', label: 'Requested model', hint: 'auto, switchyard/<tier> or a model name.' },
] as const;

/** Every field of one rule (DESIGN "Routing document"): id, description, the tests of `when`, route, fallbacks, effort. */
export function RuleForm({
  rule,
  tiers,
  options,
  budgets,
  onChange,
}: {
  rule: DraftRule;
  tiers: readonly string[];
  options: ReadonlyMap<string, ModelOption>;
  budgets: readonly BudgetChoice[];
  onChange: (next: DraftRule) => void;
}) {
  const when = rule.when;
  const setWhen = <K extends keyof When>(key: K, value: When[K] | undefined) => onChange({ ...rule, when: withField(when, key, value) });
  const budgetList = `routing-budgets-${useId()}`;
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid={`rule-form-${rule.id}`}>
      <Field label="Rule id" name="id" hint="Stable across versions; usage events name it.">
        <Input value={rule.id} onChange={(e) => onChange({ ...rule, id: e.target.value })} className="font-mono" />
      </Field>
      <Field label="Description" name="description">
        <Input value={rule.description ?? ''} onChange={(e) => onChange(withField(rule, 'description', e.target.value || undefined))} />
      </Field>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 md:col-span-2">
        <legend className="px-1 text-sm font-semibold text-slate-900">When (every test set must hold; none set = the default)</legend>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          {LIST_TESTS.map((t) => (
            <Field key={t.key} label={t.label} name={t.key} hint={t.hint}>
              <ListInput value={when[t.key]} onChange={(v) => setWhen(t.key, v)} placeholder="any" />
            </Field>
          ))}
          <Field label="Tags" name="tags" hint="One key per line: key=value, value">
            <TagsInput tags={when.tags} onChange={(v) => setWhen('tags', v)} />
          </Field>
          <TokenRangeFields range={when.inputTokens} onChange={(v) => setWhen('inputTokens', v)} />
          <BudgetFields budget={when.budget} budgets={budgets} listId={budgetList} onChange={(v) => setWhen('budget', v)} />
          <datalist id={budgetList}>
            {budgets.map((b) => (
              <option key={b.id} value={b.id} label={b.name} />
            ))}
          </datalist>
        </div>
      </fieldset>

      <RouteFields rule={rule} tiers={tiers} options={options} onChange={onChange} />
      <Field label="Reasoning effort" name="reasoningEffort">
        <Select
          value={rule.reasoningEffort ?? ''}
          onChange={(e) => onChange(withField(rule, 'reasoningEffort', (e.target.value || undefined) as DraftRule['reasoningEffort']))}
        >
          <option value="">Not set</option>
          {REASONING_EFFORTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      <div className="md:col-span-2">
        <p className="mb-1 text-sm font-medium text-slate-700">Fallbacks (after the route&apos;s own models)</p>
        <ModelListEditor
          label={`fallbacks of "${rule.id}"`}
          models={rule.fallbacks ?? []}
          options={options}
          onChange={(m) => onChange(withField(rule, 'fallbacks', m.length > 0 ? m : undefined))}
        />
      </div>
    </div>
  );
}

function TagsInput({ tags, onChange }: { tags: When['tags']; onChange: (v: When['tags']) => void }) {
  const [text, setText] = useState(tagLines(tags));
  const parsed = parseTagLines(text);
  const shown = JSON.stringify(parsed) === JSON.stringify(tags ?? {}) ? text : tagLines(tags);
  return (
    <textarea
      className="block w-full rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm"
      rows={2}
      value={shown}
      placeholder="team=search"
      onChange={(e) => {
        setText(e.target.value);
        const next = parseTagLines(e.target.value);
        onChange(Object.keys(next).length > 0 ? next : undefined);
      }}
    />
  );
}

const toInt = (s: string) => (s.trim() === '' ? undefined : Math.max(0, Math.trunc(Number(s))));

function TokenRangeFields({ range, onChange }: { range: When['inputTokens']; onChange: (v: When['inputTokens']) => void }) {
  const set = (key: 'gte' | 'lt', s: string) => {
    const next = withField({ ...(range ?? {}) }, key, toInt(s));
    onChange(next.gte === undefined && next.lt === undefined ? undefined : next);
  };
  return (
    <div className="grid grid-cols-2 gap-2">
      <Field label="Input tokens at least" name="gte">
        <Input type="number" min={0} value={range?.gte ?? ''} onChange={(e) => set('gte', e.target.value)} placeholder="any" />
      </Field>
      <Field label="Input tokens below" name="lt">
        <Input type="number" min={1} value={range?.lt ?? ''} onChange={(e) => set('lt', e.target.value)} placeholder="any" />
      </Field>
    </div>
  );
}

function BudgetFields({
  budget,
  budgets,
  listId,
  onChange,
}: {
  budget: When['budget'];
  budgets: readonly BudgetChoice[];
  listId: string;
  onChange: (v: When['budget']) => void;
}) {
  const names = new Map(budgets.map((b) => [b.id, b.name]));
  const states = new Set<BudgetState>(budget?.state ?? []);
  const toggle = (s: BudgetState) => {
    const next = new Set(states);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    const state = BUDGET_STATES.filter((x) => next.has(x));
    onChange(state.length === 0 ? undefined : withField({ ...(budget ?? {}), state }, 'budgets', budget?.budgets));
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Budget state (worst in scope)</legend>
      <div className="flex gap-3">
        {BUDGET_STATES.map((s) => (
          <label key={s} className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={states.has(s)} onChange={() => toggle(s)} />
            {s}
          </label>
        ))}
      </div>
      {budget ? (
        <Field
          label="Budgets in scope"
          name="budgets"
          hint={
            budgets.length === 0
              ? 'No budget exists yet (Budgets page); empty: every budget matching the request.'
              : 'Budget ids (pick by name); empty: every budget matching the request.'
          }
        >
          <ListInput
            list={listId}
            value={budget.budgets}
            onChange={(v) => onChange(withField({ ...budget }, 'budgets', v as typeof budget.budgets))}
            placeholder="every matching budget"
          />
          {budget.budgets && budget.budgets.length > 0 ? (
            <ul className="mt-1 space-y-0.5 text-xs" data-testid="budgets-in-scope">
              {budget.budgets.map((id) => (
                <li key={id} className={names.has(id) ? 'text-slate-600' : 'text-red-700'}>
                  <span className="font-mono">{id}</span>: {names.get(id) ?? 'no such budget'}
                </li>
              ))}
            </ul>
          ) : null}
        </Field>
      ) : null}
    </fieldset>
  );
}

function RouteFields({
  rule,
  tiers,
  options,
  onChange,
}: {
  rule: DraftRule;
  tiers: readonly string[];
  options: ReadonlyMap<string, ModelOption>;
  onChange: (next: DraftRule) => void;
}) {
  const route = rule.route;
  const kind = 'tier' in route ? 'tier' : 'model';
  return (
    <div className="grid grid-cols-2 gap-2">
      <Field label="Route to" name="routeKind">
        <Select
          value={kind}
          onChange={(e) =>
            onChange({
              ...rule,
              route: e.target.value === 'tier' ? { tier: tiers[0] ?? '' } : { model: options.values().next().value?.id ?? '' },
            })
          }
        >
          <option value="tier">a tier</option>
          <option value="model">one model</option>
        </Select>
      </Field>
      {'tier' in route ? (
        <Field label="Tier" name="tier">
          <Select value={route.tier} onChange={(e) => onChange({ ...rule, route: { tier: e.target.value } })}>
            {tiers.includes(route.tier) ? null : <option value={route.tier}>{route.tier} (missing)</option>}
            {tiers.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <div>
          <Field label="Model" name="model">
            <Input
              list={MODEL_LIST_ID}
              className="font-mono"
              value={route.model}
              onChange={(e) => onChange({ ...rule, route: { model: e.target.value } })}
            />
          </Field>
          <ModelPrice model={route.model} options={options} />
        </div>
      )}
    </div>
  );
}
