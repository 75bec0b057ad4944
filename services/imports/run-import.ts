import 'server-only';
/**
 * Backfill: stores a history file through the ingestion path, beyond the late-arrival window, in
 * chunks, recording progress and a per-row error report on its job.
 */
import { finishJob, type JobError, updateJobProgress } from '@/db/queries/jobs';
import { assertMayWriteUsage } from '@/lib/auth/guard';
import type { ImportRow } from '@/lib/import/parse-file';
import type { ServiceContext } from '../context';
import { ingestItems } from '../ingest/ingest-items';

const CHUNK = 1_000;

export interface ImportSummary {
  accepted: number;
  duplicates: number;
  refused: number;
}

export async function runImport(
  ctx: ServiceContext,
  { jobId, projectId, rows }: { jobId: string; projectId: string; rows: ImportRow[] },
): Promise<ImportSummary> {
  assertMayWriteUsage(ctx.actor, projectId);
  const errors: JobError[] = [];
  const summary: ImportSummary = { accepted: 0, duplicates: 0, refused: 0 };
  try {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const items = chunk.map((r) =>
        r.ok ? { ok: true as const, value: r.value } : { ok: false as const, code: 'invalid_json' as const },
      );
      const result = await ingestItems(ctx, { projectId, items, window: { now: new Date(), lateArrivalDays: null } });
      summary.accepted += result.accepted;
      summary.duplicates += result.duplicates;
      summary.refused += result.rejected.length;
      for (const r of result.rejected) errors.push({ row: chunk[r.index]!.line, code: r.code, message: r.message });
      await updateJobProgress(ctx.db, { id: jobId, processed: Math.min(rows.length, i + CHUNK), failed: summary.refused, errors });
    }
    await finishJob(ctx.db, { id: jobId, status: 'done', errors });
  } catch (err) {
    console.error(`[switchyard] import ${jobId} failed`, err);
    errors.push({
      code: 'failed',
      message:
        'The import stopped on a database error. Rows before this point were stored; import the ' +
        'file again to finish (stored rows count as duplicates).',
    });
    await finishJob(ctx.db, { id: jobId, status: 'failed', errors });
  }
  return summary;
}
