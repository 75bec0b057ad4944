'use client';

import { useState } from 'react';
import { createApiKeyAction } from '@/app/(app)/settings/api-keys/actions';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { ProjectOptions } from '@/components/ui/project-options';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { API_KEY_SCOPES } from '@/lib/keys/api-key';
import { TestEventPanel } from './test-event-panel';

const SCOPE_HELP: Record<(typeof API_KEY_SCOPES)[number], string> = {
  ingest: 'send usage events',
  import: 'backfill history beyond the late-arrival window',
  'routing:read': 'pull the published routing table',
};

export function CreateApiKeyForm({ projects }: { projects: { id: string; name: string }[] }) {
  const { state, onSubmit, pending } = useFormAction(createApiKeyAction);
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-[1fr_1fr_auto] md:items-end">
        <Field label="Project" name="projectId" errors={fieldErrors(state, 'projectId')}>
          <Select name="projectId" required defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            <ProjectOptions projects={projects} />
          </Select>
        </Field>
        <Field label="Key name" name="name" errors={fieldErrors(state, 'name')}>
          <Input name="name" required placeholder="prod gateway" />
        </Field>
        <Button type="submit" disabled={pending || projects.length === 0}>
          {pending ? 'Creating…' : 'Create key'}
        </Button>
        {/* The scopes on a row of their own, side by side: in a narrow column they wrapped and left blank space. */}
        <fieldset className="grid gap-x-6 gap-y-1 sm:grid-cols-3 md:col-span-3" data-testid="api-key-scopes">
          <legend className="mb-1 text-sm font-medium text-slate-700">Scopes</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm text-slate-700">
              <input className="mt-1" type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'ingest'} />
              <span>
                <code>{scope}</code> <span className="text-slate-500">— {SCOPE_HELP[scope]}</span>
              </span>
            </label>
          ))}
          {fieldErrors(state, 'scopes')?.map((e) => (
            <p key={e} className="text-xs text-red-700" role="alert">
              {e}
            </p>
          ))}
        </fieldset>
      </form>
      {state?.ok ? (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4" data-testid="new-api-key">
          <p className="text-sm font-medium text-emerald-900">Copy this key now. It will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="block flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm text-slate-900"
              data-testid="new-api-key-secret"
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
          <TestEventPanel
            secret={state.data.secret}
            projectSlug={state.data.projectSlug}
            canIngest={state.data.scopes.includes('ingest')}
          />
        </div>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}
