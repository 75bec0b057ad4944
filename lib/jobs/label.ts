/** How a job is named and shown in the UI. */

/** The fields of a job row (db/schema.ts `jobs`) the views read. */
export interface JobFields {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  params: Record<string, unknown>;
  processed: number;
  total: number;
  failed: number;
  createdAt: Date;
  errors: { row?: number; code: string; message: string }[];
}

export function jobLabel(job: Pick<JobFields, 'kind' | 'params'>): string {
  const p = job.params as { provider?: string; model?: string; from?: string; filename?: string; format?: string; timeZone?: string };
  const model = `${p.provider}/${p.model}`;
  switch (job.kind) {
    case 'reprice':
      return `Re-price ${model}${p.from ? ` from ${p.from.slice(0, 10)}` : ''}`;
    case 'retier':
      return `Re-tier ${model}`;
    case 'time-zone':
      return `Move dashboards to ${p.timeZone}`;
    case 'import':
      return `Import ${p.filename ?? p.format ?? 'history'}`;
    default:
      return job.kind;
  }
}

export function toJobView(job: JobFields) {
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
