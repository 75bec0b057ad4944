'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { CreateDraftAction } from './types';

/** Starts a draft from a version (the published one when none is named) and opens it. */
export function NewDraftButton({
  basedOnVersion,
  label,
  create,
  variant = 'secondary',
}: {
  basedOnVersion?: number;
  label: string;
  create: CreateDraftAction;
  variant?: 'primary' | 'secondary';
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <span className="inline-flex flex-col items-end">
      <Button
        type="button"
        variant={variant}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const result = await create(null, basedOnVersion === undefined ? {} : { basedOnVersion });
          setPending(false);
          if (!result.ok) return setError(result.error.message);
          router.push(`/routing/drafts/${result.data.id}`);
        }}
      >
        {pending ? 'Creating…' : label}
      </Button>
      {error ? (
        <span className="text-xs text-red-700" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
