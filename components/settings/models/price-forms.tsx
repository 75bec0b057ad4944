'use client';

import {
  addModelPriceAction,
  deleteModelAliasAction,
  deleteModelPriceAction,
  rewriteHistoryAction,
  setModelAliasAction,
  setModelTierAction,
} from '@/app/(app)/settings/models/actions';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function AddPriceForm() {
  const { state, onSubmit, pending } = useFormAction(addModelPriceAction);
  const price = (name: string, label: string, required = false) => (
    <Field label={label} name={name} errors={fieldErrors(state, name)}>
      <Input name={name} inputMode="decimal" placeholder={required ? '3.00' : 'optional'} required={required} />
    </Field>
  );
  return (
    <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-4" key={state?.ok ? state.data.id : 'form'}>
      <Field label="Provider" name="provider" errors={fieldErrors(state, 'provider')}>
        <Input name="provider" required placeholder="anthropic, vllm, …" />
      </Field>
      <Field label="Model" name="model" errors={fieldErrors(state, 'model')}>
        <Input name="model" required placeholder="claude-sonnet-4-5" />
      </Field>
      <Field label="Effective from (UTC)" name="effectiveFrom" errors={fieldErrors(state, 'effectiveFrom')}>
        <Input name="effectiveFrom" type="date" required />
      </Field>
      <Field label="Note" name="note" errors={fieldErrors(state, 'note')}>
        <Input name="note" placeholder="negotiated rate, GPU cost, …" />
      </Field>
      {price('input', 'Input $/MTok', true)}
      {price('output', 'Output $/MTok', true)}
      {price('cacheRead', 'Cache read $/MTok')}
      {price('cacheWrite5m', 'Cache write 5 min $/MTok')}
      {price('cacheWrite1h', 'Cache write 1 h $/MTok')}
      <div className="flex items-end md:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Add price and re-price history'}
        </Button>
      </div>
      <div className="md:col-span-4">
        <FormMessage state={state} success="Price added. History from that date is being re-priced (see Jobs)." />
      </div>
    </form>
  );
}

export function DeletePriceButton({ id, label }: { id: string; label: string }) {
  const { state, onSubmit, pending } = useFormAction(deleteModelPriceAction);
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Delete price ${label}`}>
        Delete
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}

export function AliasForm() {
  const { state, onSubmit, pending } = useFormAction(setModelAliasAction);
  return (
    <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-5 md:items-end" key={state?.ok ? state.data.jobId : 'form'}>
      <Field label="Provider" name="provider" errors={fieldErrors(state, 'provider')}>
        <Input name="provider" required placeholder="litellm" />
      </Field>
      <Field label="Model name sent" name="model" errors={fieldErrors(state, 'model')}>
        <Input name="model" required placeholder="sonnet-prod" />
      </Field>
      <Field label="Priced as provider" name="targetProvider" errors={fieldErrors(state, 'targetProvider')}>
        <Input name="targetProvider" required placeholder="anthropic" />
      </Field>
      <Field label="Priced as model" name="targetModel" errors={fieldErrors(state, 'targetModel')}>
        <Input name="targetModel" required placeholder="claude-sonnet-4-5" />
      </Field>
      <Button type="submit" disabled={pending}>
        Map and re-price
      </Button>
      <div className="md:col-span-5">
        <FormMessage state={state} success="Alias saved. Its history is being re-priced (see Jobs)." />
      </div>
    </form>
  );
}

export function DeleteAliasButton({ provider, model }: { provider: string; model: string }) {
  const { state, onSubmit, pending } = useFormAction(deleteModelAliasAction);
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="model" value={model} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Delete alias ${provider}/${model}`}>
        Delete
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}

export function TierSelect({
  provider,
  model,
  tier,
  overridden,
  tiers,
}: {
  provider: string;
  model: string;
  tier: string;
  overridden: boolean;
  tiers: string[];
}) {
  const { state, onSubmit, pending } = useFormAction(setModelTierAction);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="model" value={model} />
      <Select name="tier" defaultValue={overridden ? tier : ''} aria-label={`Tier of ${provider}/${model}`} className="min-w-32">
        <option value="">{overridden ? 'auto (price rule)' : `auto: ${tier}`}</option>
        {tiers.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" disabled={pending}>
        Set
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}

export function RewriteHistoryButton({ provider, model, kind }: { provider: string; model: string; kind: 'reprice' | 'retier' }) {
  const { state, onSubmit, pending } = useFormAction(rewriteHistoryAction);
  const label = kind === 'reprice' ? 'Re-price history' : 'Re-tier history';
  const short = kind === 'reprice' ? 'Re-price' : 'Re-tier';
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="model" value={model} />
      <input type="hidden" name="kind" value={kind} />
      <Button
        type="submit"
        variant="ghost"
        disabled={pending}
        aria-label={`${label} of ${provider}/${model}`}
        title={`${label}: recompute stored requests with today's configuration`}
      >
        {short}
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}
