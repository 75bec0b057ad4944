/** A saved run as the API and the pages show it (client-safe: no database types). */
export interface SimulationRunView {
  id: string;
  url: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  label: string;
  createdByEmail: string;
  createdAt: string;
  finishedAt: string | null;
  progress: { processed: number; total: number };
  inputs: Record<string, unknown>;
  error: { code: string; message: string } | null;
  result?: Record<string, unknown> | null;
}

export function runView(
  row: {
    id: string;
    status: SimulationRunView['status'];
    label: string;
    createdByEmail: string;
    createdAt: Date;
    finishedAt: Date | null;
    processed: number;
    total: number;
    inputs: Record<string, unknown>;
    error: { code: string; message: string } | null;
    result?: Record<string, unknown> | null;
  },
  options: { result: boolean },
): SimulationRunView {
  return {
    id: row.id,
    url: `/simulate/runs/${row.id}`,
    status: row.status,
    label: row.label,
    createdByEmail: row.createdByEmail,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    progress: { processed: row.processed, total: row.total },
    inputs: row.inputs,
    error: row.error,
    ...(options.result ? { result: row.result ?? null } : {}),
  };
}
