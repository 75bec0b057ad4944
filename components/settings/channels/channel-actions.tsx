'use client';

import { deleteChannelAction, sendTestAction, updateChannelAction } from '@/app/(app)/settings/channels/actions';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function SendTestButton({ id, name }: { id: string; name: string }) {
  const { state, onSubmit, pending } = useFormAction(sendTestAction);
  return (
    <form onSubmit={onSubmit} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Send test to ${name}`}>
        {pending ? 'Sending…' : 'Send test'}
      </Button>
      {state?.ok ? (
        <p
          className={`text-xs ${state.data.status === 'delivered' ? 'text-emerald-700' : 'text-red-700'}`}
          role="status"
          data-testid="test-result"
        >
          {state.data.status === 'delivered'
            ? `Delivered${state.data.statusCode ? ` (${state.data.statusCode})` : ''} in ${state.data.durationMs} ms`
            : `Failed: ${state.data.error ?? 'unknown error'}`}
        </p>
      ) : (
        <FormMessage state={state} />
      )}
    </form>
  );
}

export function DeleteChannelButton({ id, name }: { id: string; name: string }) {
  const { state, onSubmit, pending } = useFormAction(deleteChannelAction);
  return (
    <form
      onSubmit={(e) => {
        if (window.confirm(`Delete ${name}? Its pending retries stop and its delivery log is removed.`)) onSubmit(e);
        else e.preventDefault();
      }}
      className="flex flex-col items-end gap-1"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Delete ${name}`}>
        Delete
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}

export function EditChannelForm({
  id,
  kind,
  name,
  target,
}: {
  id: string;
  kind: 'webhook' | 'slack' | 'email';
  name: string;
  /** The URL, or the recipients joined by commas. */
  target: string;
}) {
  const { state, onSubmit, pending } = useFormAction(updateChannelAction);
  const field = kind === 'email' ? 'to' : 'url';
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Edit</summary>
      <form onSubmit={onSubmit} className="mt-3 grid gap-3 md:grid-cols-[1fr_2fr_auto] md:items-start">
        <input type="hidden" name="id" value={id} />
        <Field label="Name" name="name" errors={fieldErrors(state, 'name')}>
          <Input name="name" required defaultValue={name} />
        </Field>
        <Field label={kind === 'email' ? 'Recipients' : 'URL'} name={field} errors={fieldErrors(state, field)}>
          <Input name={field} required defaultValue={target} />
        </Field>
        <div className="md:pt-6">
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
      <FormMessage state={state} success="Saved." />
    </details>
  );
}
