import 'server-only';
/**
 * Starts a backfill import of a CSV or JSONL history file: an admin names the project (slug or id), a
 * project key with the `import` scope imports into its own. The file is kept in job_files and an `import`
 * job is queued in the same transaction; the scheduler stores the rows (services/imports/run-import.ts), one
 * import at a time per project. Answers the queued job at once, its total estimated from the file's lines.
 */
import { recordAudit } from '@/db/queries/audit';
import { saveJobFile } from '@/db/queries/job-files';
import { updateJobProgress } from '@/db/queries/jobs';
import { getProjectById, getProjectBySlug } from '@/db/queries/projects';
import type { Job } from '@/db/schema';
import { assertAccess } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { startImportSchema } from '@/lib/import/schemas';
import { assertCsvHeader, csvHeaderOf, estimateRows } from '@/lib/import/stream-rows';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';
import { enqueueJob } from '../jobs/enqueue-job';
import { wakeSchedulers } from '../jobs/wake';

const UUID = /^[0-9a-f-]{36}$/i;

async function projectOf(ctx: ServiceContext, project: string | null | undefined): Promise<string> {
  if (ctx.actor?.kind === 'api_key') return ctx.actor.projectId;
  if (!project) throw new AppError('bad_request:api', 'Name the project: ?project=<slug or id>.');
  const row = UUID.test(project) ? await getProjectById(ctx.db, { id: project }) : await getProjectBySlug(ctx.db, { slug: project });
  if (!row) throw new AppError('not_found:project', `No project "${project}".`);
  if (row.archivedAt) throw new AppError('forbidden:project', 'This project is archived.');
  return row.id;
}

export async function startImport(ctx: ServiceContext, input: unknown): Promise<Pick<Job, 'id' | 'status' | 'total'>> {
  assertAccess(ctx.actor, { person: 'data:import', apiKey: 'import' });
  const { project, format, filename, text } = parseInput(startImportSchema, input);
  const actor = ctx.actor!;
  const projectId = await projectOf(ctx, project);
  const total = estimateRows(text, format);
  if (total === 0) throw new AppError('bad_request:api', 'The file holds no rows.');
  if (format === 'csv') assertCsvHeader(csvHeaderOf(text));
  const job = await ctx.db.transaction(async (tx) => {
    const created = await enqueueJob({ ...ctx, db: tx }, { kind: 'import', projectId, params: { format, filename } });
    await updateJobProgress(tx, { id: created.id, processed: 0, total });
    await saveJobFile(tx, { projectId, jobId: created.id, content: text });
    await recordAudit(tx, {
      actor,
      action: 'import.start',
      targetType: 'import',
      targetId: created.id,
      details: { projectId, rows: total, format },
    });
    return { ...created, total };
  });
  wakeSchedulers(); // committed now: this process's scheduler takes it at once
  return { id: job.id, status: job.status, total: job.total };
}
