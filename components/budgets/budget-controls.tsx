'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { deleteBudgetAction, setBudgetPausedAction } from '@/app/(app)/budgets/actions';
import { acknowledgeAlertAction } from '@/app/(app)/alerts/actions';
import { Button } from '@/components/ui/button';

export function BudgetControls({ id, name, paused }: { id: string; name: string; paused: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, after?: () => void) =>
    startTransition(async () => {
      const r = await fn();
      if (!r.ok) setError(r.error?.message ?? 'Failed.');
      else {
        setError(null);
        after?.();
        router.refresh();
      }
    });
  return (
    <div className="flex items-center gap-2">
      <Button variant="secondary" disabled={pending} onClick={() => run(() => setBudgetPausedAction(null, { id, paused: !paused }))}>
        {paused ? 'Resume' : 'Pause'}
      </Button>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Delete the budget "${name}"? Its alerts stay on the Alerts page.`))
            run(
              () => deleteBudgetAction(null, { id }),
              () => router.push('/budgets'),
            );
        }}
      >
        Delete
      </Button>
      {error ? <span className="text-sm text-red-700">{error}</span> : null}
    </div>
  );
}

export function AcknowledgeAlertButton({ id }: { id: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await acknowledgeAlertAction(null, { id });
            if (!r.ok) setError(r.error.message);
            else router.refresh();
          })
        }
      >
        Acknowledge
      </Button>
      {error ? <span className="text-sm text-red-700">{error}</span> : null}
    </span>
  );
}
