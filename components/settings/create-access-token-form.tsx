'use client';

import { useState } from 'react';
import { createAccessTokenAction } from '@/app/(app)/settings/access-tokens/actions';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormMessage, fieldErrors } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { ACCESS_TOKEN_LIFETIMES_DAYS } from '@/lib/keys/schemas';

const LIFETIME_LABELS: Record<(typeof ACCESS_TOKEN_LIFETIMES_DAYS)[number], string> = {
  7: '7 days',
  30: '30 days',
  90: '90 days',
  365: '1 year',
};

export function CreateAccessTokenForm() {
  const { state, onSubmit, pending } = useFormAction(createAccessTokenAction);
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-3 md:items-end">
        <Field label="Token name" name="name" errors={fieldErrors(state, 'name')}>
          <Input name="name" required placeholder="CI routing sync" />
        </Field>
        <Field label="Expires" name="expiresInDays" errors={fieldErrors(state, 'expiresInDays')}>
          <Select name="expiresInDays" defaultValue="90">
            {ACCESS_TOKEN_LIFETIMES_DAYS.map((days) => (
              <option key={days} value={days}>
                in {LIFETIME_LABELS[days]}
              </option>
            ))}
            <option value="">never (until revoked)</option>
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </Button>
      </form>
      {state?.ok ? (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4" data-testid="new-access-token">
          <p className="text-sm font-medium text-emerald-900">Copy this token now. It will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="block flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm text-slate-900"
              data-testid="new-access-token-secret"
            >
              {state.data.secret}
            </code>
            <Button
              type="button"
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(state.data.secret).then(() => setCopied(true))}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </div>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}
