'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { Badge } from '@/components/ui/badge';
import { formatInteger } from '@/lib/format';

export interface JobView {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  label: string;
  processed: number;
  total: number;
  failed: number;
  createdAt: string;
  errors: { row?: number; code: string; message: string }[];
}

const TONE = { queued: 'neutral', running: 'blue', done: 'green', failed: 'red' } as const;

/** Recent background jobs with progress; refreshes itself while any is queued or running. */
export function JobsList({ jobs }: { jobs: JobView[] }) {
  const router = useRouter();
  const active = jobs.some((j) => j.status === 'queued' || j.status === 'running');
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [active, router]);

  if (jobs.length === 0) return <p className="text-sm text-slate-600">No jobs yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Jobs">
      {jobs.map((j) => {
        const pct = j.total > 0 ? Math.min(100, Math.round((j.processed / j.total) * 100)) : j.status === 'done' ? 100 : 0;
        return (
          <li key={j.id} className="py-2" data-testid={`job-${j.id}`}>
            <div className="flex items-center justify-between gap-4 text-sm">
              <span className="text-slate-800">{j.label}</span>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                {formatInteger(j.processed)} / {formatInteger(j.total)}
                {j.failed > 0 ? ` · ${formatInteger(j.failed)} refused` : ''}
                <Badge tone={TONE[j.status]}>{j.status}</Badge>
              </span>
            </div>
            <div
              className="mt-1 h-1.5 rounded bg-slate-100"
              role="progressbar"
              aria-valuenow={pct}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label={`${j.label} progress`}
            >
              <div className={`h-1.5 rounded ${j.status === 'failed' ? 'bg-red-500' : 'bg-brand-500'}`} style={{ width: `${pct}%` }} />
            </div>
            {j.errors.length > 0 ? (
              <details className="mt-1 text-xs text-slate-600">
                <summary className="cursor-pointer">
                  {j.errors.length} problem{j.errors.length === 1 ? '' : 's'}
                  {j.errors.length >= 500 ? ' (first 500 shown)' : ''}
                </summary>
                <ul className="mt-1 max-h-48 overflow-y-auto font-mono">
                  {j.errors.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a job's error list is fixed once written and may repeat an entry
                    <li key={i}>
                      {e.row !== undefined ? `row ${e.row}: ` : ''}
                      {e.code} — {e.message}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
