import { getDatabaseHandle } from '@/db/client';
import { recordAudit } from '@/db/queries/audit';
import { createJob } from '@/db/queries/jobs';
import { importCaller } from '@/lib/api/import-caller';
import { AppError, errorResponse } from '@/lib/errors';
import { readBodyText } from '@/lib/ingest/parse-body';
import { IMPORT_FORMATS, MAX_IMPORT_BYTES, parseImportFile, type ImportFormat } from '@/lib/import/parse-file';
import { runImport } from '@/lib/import/run-import';

export const dynamic = 'force-dynamic';

/**
 * Backfill import of a CSV or JSONL history file (the raw file as the body), beyond the late-arrival
 * window. Answers 202 with a job; progress and the per-row error report are at GET /api/v1/jobs/{id}.
 */
export async function POST(req: Request) {
  try {
    const url = new URL(req.url);
    const caller = await importCaller(req, url.searchParams.get('project'));
    const format = (url.searchParams.get('format') ?? '').toLowerCase() as ImportFormat;
    if (!IMPORT_FORMATS.includes(format)) throw new AppError('bad_request:api', 'Say the format: ?format=csv or ?format=jsonl.');
    const rows = parseImportFile(await readBodyText(req, MAX_IMPORT_BYTES), format);
    if (rows.length === 0) throw new AppError('bad_request:api', 'The file holds no rows.');
    const handle = await getDatabaseHandle();
    const filename = url.searchParams.get('filename')?.slice(0, 200) ?? undefined;
    const job = await createJob(handle.db, {
      kind: 'import',
      status: 'running',
      total: rows.length,
      projectId: caller.projectId,
      createdBy: caller.user?.userId,
      params: { format, filename },
    });
    if (caller.user) {
      await recordAudit(handle.db, {
        actor: caller.user,
        action: 'import.start',
        targetType: 'import',
        targetId: job.id,
        details: { projectId: caller.projectId, rows: rows.length, format },
      });
    }
    void runImport(handle, { jobId: job.id, projectId: caller.projectId, rows });
    return Response.json({ job: { id: job.id, status: job.status, total: job.total } }, { status: 202 });
  } catch (err) {
    return errorResponse(err);
  }
}
