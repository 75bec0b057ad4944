'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { openFrontierPointAsDraftAction } from '@/app/(app)/simulate/actions';
import { Button } from '@/components/ui/button';

/** Creates a routing draft from a frontier point of a run and opens it in the Routing editor. */
export function useOpenAsDraft(runId: string) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const open = (point: string) =>
    start(async () => {
      setError(null);
      const result = await openFrontierPointAsDraftAction(null, { runId, point });
      if (!result.ok) setError(result.error.message);
      else router.push(`/routing/drafts/${result.data.draftId}`);
    });
  return { open, pending, error };
}

export function OpenAsDraftButton({ runId, point }: { runId: string; point: string }) {
  const { open, pending, error } = useOpenAsDraft(runId);
  return (
    <span>
      <Button variant="secondary" disabled={pending} onClick={() => open(point)} data-testid="frontier-open-draft">
        {pending ? 'Creating draft…' : 'Open as a draft'}
      </Button>
      {error ? (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
