'use client';

import { useMemo, useState } from 'react';
import { Field, Input, Select } from '@/components/ui/field';
import { BUDGET_STATES, type BudgetState, type RoutingDocument } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import type { RequestFeatures } from '@/lib/routing/features';
import { routeRequest } from '@/lib/routing/route-request';
import { DecisionView } from './decision-view';
import type { BudgetChoice } from './types';

/** A budget id for the preview when no budget exists yet: stands for "the budgets that match this request". */
const ANY_BUDGET = 'matching budgets';

interface Form {
  mode: string;
  task: string;
  project: string;
  user: string;
  tags: string;
  requestedModel: string;
  inputTokens: string;
  budgets: Record<string, BudgetState>;
}

export function featuresOf(form: Form): RequestFeatures {
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const tags: Record<string, string> = {};
  for (const line of form.tags.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) tags[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const tokens = form.inputTokens.trim() === '' ? undefined : Number(form.inputTokens);
  return {
    mode: text(form.mode),
    task: text(form.task),
    project: text(form.project),
    user: text(form.user),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    requestedModel: text(form.requestedModel),
    inputTokens: tokens !== undefined && Number.isFinite(tokens) ? tokens : undefined,
    budgets: form.budgets,
  };
}

/**
 * "Try a request": features in, the decision and its trace out, from the one evaluator (lib/routing) run in
 * the browser on the draft as it is now. `document` is null while the draft does not validate.
 */
export function TryRequest({
  document,
  version,
  budgets,
}: {
  document: RoutingDocument | null;
  /** The version number a publish would give it (decisions name a version). */
  version: number;
  budgets: readonly BudgetChoice[];
}) {
  const [form, setForm] = useState<Form>({
    mode: 'code',
    task: '',
    project: '',
    user: '',
    tags: '',
    requestedModel: '',
    inputTokens: '',
    budgets: {},
  });
  const named = useMemo(() => {
    const names = new Map(budgets.map((b) => [b.id, b.name]));
    const ids = new Set(names.keys());
    for (const r of document?.rules ?? []) for (const b of r.when.budget?.budgets ?? []) ids.add(b);
    const list = [...ids].map((id) => ({ id, label: names.get(id) ?? `${id} (no such budget)` }));
    return list.length > 0 ? list.sort((a, b) => a.label.localeCompare(b.label)) : [{ id: ANY_BUDGET, label: ANY_BUDGET }];
  }, [budgets, document]);
  const outcome = useMemo(() => {
    if (!document) return null;
    try {
      return routeRequest(compileRoutingDocument(document, { version }), featuresOf(form), { explain: true });
    } catch {
      return null;
    }
  }, [document, version, form]);
  const set = (key: Exclude<keyof Form, 'budgets'>) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_1fr]" data-testid="try-request">
      <form className="space-y-3" onSubmit={(e) => e.preventDefault()} aria-label="Request features">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Mode" name="try-mode">
            <Input value={form.mode} onChange={set('mode')} placeholder="none" />
          </Field>
          <Field label="Task" name="try-task">
            <Input value={form.task} onChange={set('task')} placeholder="none" />
          </Field>
          <Field label="Project" name="try-project">
            <Input value={form.project} onChange={set('project')} placeholder="slug" />
          </Field>
          <Field label="User" name="try-user">
            <Input value={form.user} onChange={set('user')} placeholder="none" />
          </Field>
          <Field label="Requested model" name="try-requested" hint="Empty means auto.">
            <Input value={form.requestedModel} onChange={set('requestedModel')} placeholder="auto" />
          </Field>
          <Field label="Input tokens" name="try-tokens">
            <Input type="number" min={0} value={form.inputTokens} onChange={set('inputTokens')} placeholder="unknown" />
          </Field>
        </div>
        <Field label="Tags" name="try-tags" hint="One per line: key=value">
          <textarea
            className="block w-full rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm"
            rows={2}
            value={form.tags}
            onChange={set('tags')}
          />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Budget state</legend>
          {named.map(({ id, label }) => (
            <Field key={id} label={label} name={`try-budget-${id}`}>
              <Select
                value={form.budgets[id] ?? 'ok'}
                onChange={(e) => setForm({ ...form, budgets: { ...form.budgets, [id]: e.target.value as BudgetState } })}
              >
                {BUDGET_STATES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </fieldset>
      </form>
      <div aria-live="polite">
        {outcome ? (
          <DecisionView outcome={outcome} />
        ) : (
          <p className="text-sm text-amber-800">The draft has errors: fix them to try a request.</p>
        )}
      </div>
    </div>
  );
}
