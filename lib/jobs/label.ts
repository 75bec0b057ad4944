/** How a job is named in the UI. */
import type { Job } from '@/db/schema';

export function jobLabel(job: Pick<Job, 'kind' | 'params'>): string {
  const p = job.params as { provider?: string; model?: string; from?: string; filename?: string; format?: string };
  const model = `${p.provider}/${p.model}`;
  switch (job.kind) {
    case 'reprice':
      return `Re-price ${model}${p.from ? ` from ${p.from.slice(0, 10)}` : ''}`;
    case 'retier':
      return `Re-tier ${model}`;
    case 'import':
      return `Import ${p.filename ?? p.format ?? 'history'}`;
    default:
      return job.kind;
  }
}

export function toJobView(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    label: jobLabel(job),
    processed: job.processed,
    total: job.total,
    failed: job.failed,
    createdAt: job.createdAt.toISOString(),
    errors: job.errors,
  };
}
