import 'server-only';
/**
 * The `import` job kind: a backfill of a history file stored through the ingestion path, beyond the
 * late-arrival window, in chunks, with progress and a per-row error report on its job. The upload waits in
 * job_files (any instance can read it after the request ended); the job reads it in slices and parses it as a
 * stream. One import at a time per project (its lane). Resumable: rows stored before an interruption count as
 * duplicates when it runs again. The file is deleted once the job has finished.
 */
import { z } from 'zod';
import { deleteJobFile, jobFileLength, readJobFileSlice } from '@/db/queries/job-files';
import { type JobError, MAX_JOB_ERRORS } from '@/db/queries/jobs';
import { assertMayWriteUsage } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { IMPORT_FORMATS, type ImportRow } from '@/lib/import/parse-file';
import { streamImportRows } from '@/lib/import/stream-rows';
import type { ServiceContext } from '../context';
import { ingestItems } from '../ingest/ingest-items';
import { defineJobKind, type JobProgress } from '../jobs/job-kind';

const CHUNK = 1_000;
/** Characters read from the stored file per query. */
const SLICE = 1 << 20;

export interface ImportSummary {
  accepted: number;
  duplicates: number;
  refused: number;
}

/** Stores rows through the ingestion path in chunks of 1,000; reports progress after each chunk. */
export async function storeImportRows(
  ctx: ServiceContext,
  {
    projectId,
    rows,
    onChunk,
    signal,
  }: { projectId: string; rows: AsyncIterable<ImportRow>; onChunk?: (p: JobProgress) => Promise<void>; signal?: AbortSignal },
): Promise<ImportSummary & { processed: number; errors: JobError[] }> {
  assertMayWriteUsage(ctx.actor, projectId);
  const errors: JobError[] = [];
  const summary = { accepted: 0, duplicates: 0, refused: 0, processed: 0 };
  let chunk: ImportRow[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const items = chunk.map((r) => (r.ok ? { ok: true as const, value: r.value } : { ok: false as const, code: 'invalid_json' as const }));
    const result = await ingestItems(ctx, { projectId, items, window: { now: new Date(), lateArrivalDays: null } });
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    summary.refused += result.rejected.length;
    summary.processed += chunk.length;
    for (const r of result.rejected) {
      if (errors.length < MAX_JOB_ERRORS) errors.push({ row: chunk[r.index]!.line, code: r.code, message: r.message });
    }
    chunk = [];
    await onChunk?.({ processed: summary.processed, failed: summary.refused, errors });
  };
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length >= CHUNK) {
      await flush();
      signal?.throwIfAborted();
    }
  }
  await flush();
  return { ...summary, errors };
}

async function* fileSlices(ctx: ServiceContext, file: { projectId: string; jobId: string }, length: number) {
  for (let offset = 0; offset < length; offset += SLICE) {
    yield await readJobFileSlice(ctx.db, { ...file, offset, length: SLICE });
  }
}

export const importJob = defineJobKind({
  kind: 'import',
  params: z.object({ format: z.enum(IMPORT_FORMATS), filename: z.string().max(200).optional() }),
  resumable: true,
  lane: (_params, projectId) => `import:${projectId}`,
  run: async (job, { format }) => {
    const projectId = job.job.projectId;
    if (!projectId) throw new AppError('bad_request:job', 'An import job names its project.');
    const file = { projectId, jobId: job.job.id };
    const length = await jobFileLength(job.db, file);
    if (length === null) throw new AppError('not_found:job', 'The uploaded file is no longer kept; import it again.');
    let finished = false;
    try {
      const result = await storeImportRows(job, {
        projectId,
        rows: streamImportRows(fileSlices(job, file, length), format),
        onChunk: (p) => job.progress(p),
        signal: job.signal,
      });
      await job.progress({ processed: result.processed, total: result.processed, failed: result.refused, errors: result.errors });
      finished = true;
    } catch (err) {
      if (job.signal.aborted) throw err; // stopped: the file stays for the next start
      finished = true;
      if (err instanceof AppError) throw err;
      console.error(`[switchyard] import ${job.job.id} failed`, err);
      throw new AppError(
        'unavailable:database',
        'The import stopped on a database error. Rows before this point were stored; import the ' +
          'file again to finish (stored rows count as duplicates).',
      );
    } finally {
      if (finished) await deleteJobFile(job.db, file);
    }
  },
});
