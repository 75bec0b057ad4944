'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/result';

/** Admins only: a change note is required; the publish names the revision that was saved. */
export function PublishForm({
  disabledReason,
  onPublish,
}: {
  disabledReason: string | null;
  onPublish: (note: string) => Promise<ActionResult<unknown>>;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        const result = await onPublish(note);
        setPending(false);
        setError(result.ok ? null : result.error.message);
      }}
    >
      <div className="min-w-96 flex-1">
        <Field label="Change note" name="note" hint="Why this change; shown in the versions list and the audit log.">
          <Input value={note} onChange={(e) => setNote(e.target.value)} required maxLength={500} />
        </Field>
      </div>
      <Button type="submit" disabled={pending || disabledReason !== null || note.trim() === ''}>
        {pending ? 'Publishing…' : 'Publish'}
      </Button>
      {disabledReason ? <p className="w-full text-sm text-slate-500">{disabledReason}</p> : null}
      {error ? (
        <p className="w-full text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
