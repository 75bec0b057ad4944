'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { deleteSimulationRunAction, runSimulationAction } from '@/app/(app)/simulate/actions';
import { Button } from '@/components/ui/button';

const inputClass = 'rounded-md border border-slate-300 px-2 py-1 text-sm';

/** Re-runs a saved run's candidate, projects and options on another period. */
export function RerunForm({ runId, from, to }: { runId: string; from: string; to: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [period, setPeriod] = useState({ from, to });
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      aria-label="Re-run on another period"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const result = await runSimulationAction(null, { rerunOf: runId, period } as never);
          if (!result.ok) setError(result.error.message);
          else router.push(`/simulate/runs/${result.data.id}`);
        });
      }}
    >
      <label>
        <span className="block text-slate-600">From</span>
        <input type="date" className={inputClass} value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
      </label>
      <label>
        <span className="block text-slate-600">To</span>
        <input type="date" className={inputClass} value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Simulating…' : 'Re-run on this period'}
      </Button>
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function DeleteRunButton({ runId }: { runId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() =>
          start(async () => {
            if (!window.confirm('Delete this run? Its URL stops working.')) return;
            const result = await deleteSimulationRunAction(null, { id: runId });
            if (!result.ok) setError(result.error.message);
            else router.push('/simulate');
          })
        }
      >
        Delete run
      </Button>
      {error ? (
        <span role="alert" className="ml-2 text-sm text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** A queued or running run: its progress (slices read of all), the page refreshed each second until it is done. */
export function RunProgress({ status, processed, total }: { status: string; processed: number; total: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 1_000);
    return () => clearInterval(timer);
  }, [router]);
  const share = total > 0 ? Math.min(1, processed / total) : 0;
  return (
    <span className="inline-flex items-center gap-2" role="status">
      <span>{status === 'queued' ? 'Queued…' : `Running — ${processed} of ${total} slices read`}</span>
      <span className="inline-block h-2 w-32 overflow-hidden rounded bg-slate-200" aria-hidden="true">
        <span className="block h-full bg-brand-600" style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
    </span>
  );
}
