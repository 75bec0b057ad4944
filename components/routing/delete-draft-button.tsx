'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

/** Deletes a draft after a confirmation click (nothing published changes). */
export function DeleteDraftButton({
  id,
  remove,
}: {
  id: string;
  remove: (previous: unknown, input: { id: string }) => Promise<ActionResult<unknown>>;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!confirming) {
    return (
      <Button type="button" variant="ghost" onClick={() => setConfirming(true)}>
        Delete draft
      </Button>
    );
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="danger"
        onClick={async () => {
          const result = await remove(null, { id });
          if (!result.ok) return setError(result.error.message);
          router.push('/routing');
        }}
      >
        Yes, delete this draft
      </Button>
      <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
        Keep it
      </Button>
      {error ? (
        <span className="text-sm text-red-700" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
