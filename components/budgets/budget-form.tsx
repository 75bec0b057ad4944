'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { createBudgetAction, updateBudgetAction } from '@/app/(app)/budgets/actions';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import type { ErrorBody } from '@/lib/errors';
import type { BudgetFormValue } from './form-value';

const list = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** "team=core, team=infra, env=prod" → { team: [core, infra], env: [prod] }; a part without "=" is a key with no value (refused). */
function tagsOf(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of list(text)) {
    const [key, ...rest] = part.split('=');
    const value = rest.join('=').trim();
    (out[key!.trim()] ??= []).push(...(value ? [value] : []));
  }
  return out;
}

function toInput(v: BudgetFormValue) {
  const thresholds = list(v.thresholds).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
  return {
    name: v.name,
    period:
      v.periodKind === 'rolling'
        ? { kind: 'rolling', unit: v.rollingUnit, length: /^\d+$/.test(v.rollingLength) ? Number(v.rollingLength) : v.rollingLength }
        : { kind: v.periodKind },
    amount: v.amount,
    thresholds,
    action: v.actionKind === 'downgrade' ? { kind: 'downgrade', tier: v.downgradeTier } : { kind: v.actionKind },
    scope: {
      project: v.projects,
      mode: list(v.mode),
      task: list(v.task),
      user: list(v.user),
      tier: list(v.tier),
      model: list(v.model),
      provider: list(v.provider),
      tags: tagsOf(v.tags),
    },
    channelIds: v.channelIds,
    forecastAlert: v.forecastAlert,
  };
}

export function BudgetForm({
  initial,
  projects,
  tiers,
  channels,
}: {
  initial: BudgetFormValue;
  projects: Array<{ id: string; name: string }>;
  tiers: string[];
  channels: Array<{ id: string; name: string; kind: string }>;
}) {
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, startTransition] = useTransition();
  const set = <K extends keyof BudgetFormValue>(k: K, value: BudgetFormValue[K]) => setV((old) => ({ ...old, [k]: value }));
  const errorsOf = (...paths: string[]) => {
    const fields = error?.fields ?? {};
    const found = Object.entries(fields).filter(([p]) => paths.some((q) => p === q || p.startsWith(`${q}.`)));
    return found.length > 0 ? found.flatMap(([, m]) => m) : undefined;
  };
  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const input = toInput(v);
      const result = initial.id ? await updateBudgetAction(null, { ...input, id: initial.id }) : await createBudgetAction(null, input);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      router.push(`/budgets/${result.data.id}`);
      router.refresh();
    });
  }
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="budget-form">
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Name" name="name" errors={errorsOf('name')}>
          <Input name="name" value={v.name} onChange={(e) => set('name', e.target.value)} required placeholder="Platform team, monthly" />
        </Field>
        <Field label="Amount (USD)" name="amount" errors={errorsOf('amount')}>
          <Input
            name="amount"
            value={v.amount}
            onChange={(e) => set('amount', e.target.value)}
            required
            placeholder="1500"
            inputMode="decimal"
          />
        </Field>
        <Field label="Thresholds (%)" name="thresholds" errors={errorsOf('thresholds')} hint="Strictly increasing, up to five.">
          <Input name="thresholds" value={v.thresholds} onChange={(e) => set('thresholds', e.target.value)} />
        </Field>
        <Field label="Period" name="periodKind" errors={errorsOf('period')}>
          <Select
            name="periodKind"
            value={v.periodKind}
            onChange={(e) => set('periodKind', e.target.value as BudgetFormValue['periodKind'])}
          >
            <option value="day">Daily</option>
            <option value="week">Weekly (Monday to Sunday)</option>
            <option value="month">Monthly</option>
            <option value="quarter">Quarterly</option>
            <option value="rolling">Rolling window</option>
          </Select>
        </Field>
        {v.periodKind === 'rolling' ? (
          <>
            <Field label="Window length" name="rollingLength" errors={errorsOf('period.length')}>
              <Input name="rollingLength" value={v.rollingLength} onChange={(e) => set('rollingLength', e.target.value)} />
            </Field>
            <Field label="Window unit" name="rollingUnit">
              <Select name="rollingUnit" value={v.rollingUnit} onChange={(e) => set('rollingUnit', e.target.value as 'hours' | 'days')}>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </Select>
            </Field>
          </>
        ) : null}
        <Field label="When exceeded" name="actionKind" errors={errorsOf('action')}>
          <Select
            name="actionKind"
            value={v.actionKind}
            onChange={(e) => set('actionKind', e.target.value as BudgetFormValue['actionKind'])}
          >
            <option value="notify">Notify only</option>
            <option value="downgrade">Downgrade to a cheaper tier</option>
            <option value="block">Block requests</option>
          </Select>
        </Field>
        {v.actionKind === 'downgrade' ? (
          <Field label="Downgrade to tier" name="downgradeTier" errors={errorsOf('action.tier')}>
            <Select name="downgradeTier" value={v.downgradeTier} onChange={(e) => set('downgradeTier', e.target.value)}>
              <option value="">Choose a tier</option>
              {tiers.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-700">Scope (empty = all usage; values separated by commas)</legend>
        <div className="grid gap-4 md:grid-cols-3">
          <Field label="Projects" name="projects" errors={errorsOf('scope.project')}>
            <Select
              name="projects"
              multiple
              value={v.projects}
              onChange={(e) =>
                set(
                  'projects',
                  [...e.target.selectedOptions].map((o) => o.value),
                )
              }
            >
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          {(['mode', 'task', 'user', 'tier', 'model', 'provider'] as const).map((d) => (
            <Field key={d} label={d[0]!.toUpperCase() + d.slice(1)} name={`scope-${d}`} errors={errorsOf(`scope.${d}`)}>
              <Input name={`scope-${d}`} value={v[d]} onChange={(e) => set(d, e.target.value)} />
            </Field>
          ))}
          <Field label="Tags" name="scope-tags" errors={errorsOf('scope.tags')} hint="key=value, e.g. team=core, env=prod">
            <Input name="scope-tags" value={v.tags} onChange={(e) => set('tags', e.target.value)} />
          </Field>
        </div>
      </fieldset>
      <fieldset className="space-y-2 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-700">Alerts</legend>
        {channels.length === 0 ? (
          <p className="text-sm text-slate-500">
            No alert channels yet (Settings → Channels); alerts are still recorded on the Alerts page.
          </p>
        ) : null}
        {channels.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={v.channelIds.includes(c.id)}
              onChange={(e) => set('channelIds', e.target.checked ? [...v.channelIds, c.id] : v.channelIds.filter((x) => x !== c.id))}
            />
            {c.name} <span className="text-slate-500">({c.kind})</span>
          </label>
        ))}
        {errorsOf('channelIds')?.map((m) => (
          <p key={m} className="text-sm text-red-700">
            {m}
          </p>
        ))}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={v.forecastAlert} onChange={(e) => set('forecastAlert', e.target.checked)} />
          Also alert once when the forecast says the budget will be exceeded this period
        </label>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
          {errorsOf('_')?.length ? ` ${errorsOf('_')!.join(' ')}` : ''}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : initial.id ? 'Save budget' : 'Create budget'}
      </Button>
    </form>
  );
}
