'use client';

import { useState } from 'react';
import { createChannelAction } from '@/app/(app)/settings/channels/actions';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

const KIND_HELP = {
  webhook: 'A JSON POST signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
  slack: 'A Slack incoming-webhook URL (https://hooks.slack.com/services/…): a readable message with a link back.',
  email: 'Email over the SMTP server set in SWITCHYARD_SMTP_URL, to these recipients.',
} as const;

export function CreateChannelForm({ smtpConfigured }: { smtpConfigured: boolean }) {
  const { state, onSubmit, pending } = useFormAction(createChannelAction);
  const [kind, setKind] = useState<keyof typeof KIND_HELP>('webhook');
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-[10rem_1fr_2fr_auto] md:items-start" aria-label="Add a channel">
        <Field label="Kind" name="kind" errors={fieldErrors(state, 'kind')}>
          <Select name="kind" value={kind} onChange={(e) => setKind(e.target.value as keyof typeof KIND_HELP)}>
            <option value="webhook">Webhook</option>
            <option value="slack">Slack</option>
            <option value="email">Email</option>
          </Select>
        </Field>
        <Field label="Name" name="name" errors={fieldErrors(state, 'name')}>
          <Input name="name" required placeholder="Ops on-call" />
        </Field>
        {kind === 'email' ? (
          <Field
            label="Recipients"
            name="to"
            errors={fieldErrors(state, 'to')}
            hint={smtpConfigured ? 'Separated by commas or spaces.' : 'SMTP is not configured: deliveries will report unavailable:smtp.'}
          >
            <Input name="to" required placeholder="finance@example.com, ops@example.com" />
          </Field>
        ) : (
          <Field label="URL" name="url" errors={fieldErrors(state, 'url')} hint={KIND_HELP[kind]}>
            <Input name="url" required type="url" placeholder={kind === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://'} />
          </Field>
        )}
        <div className="md:pt-6">
          <Button type="submit" disabled={pending}>
            {pending ? 'Adding…' : 'Add channel'}
          </Button>
        </div>
      </form>
      {state?.ok && state.data.secret ? (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4" data-testid="new-channel-secret">
          <p className="text-sm font-medium text-emerald-900">
            Signing secret for this webhook. Copy it now into your receiver; it will not be shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="block flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm text-slate-900">
              {state.data.secret}
            </code>
            <Button
              type="button"
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(state.data.secret ?? '').then(() => setCopied(true))}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </div>
      ) : (
        <FormMessage state={state} success="Channel added." />
      )}
    </div>
  );
}
