'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import type { RollbackAction } from './types';

/** Republishes an earlier version as a new one; asks for the required change note first. */
export function RollbackButton({ version, rollback }: { version: number; rollback: RollbackAction }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!open) {
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Roll back to v{version}
      </Button>
    );
  }
  return (
    <form
      className="flex flex-col items-end gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        const result = await rollback(null, { version, note });
        setPending(false);
        if (!result.ok) return setError(result.error.message);
        setOpen(false);
        router.push(`/routing?from=${result.data.version - 1}&to=${result.data.version}#diff`);
        router.refresh();
      }}
    >
      <Input
        aria-label={`Change note for the rollback to v${version}`}
        placeholder="Why roll back?"
        className="w-44"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        required
      />
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" disabled={pending || note.trim() === ''}>
          Republish v{version}
        </Button>
      </div>
      {error ? (
        <p className="max-w-44 whitespace-normal text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
