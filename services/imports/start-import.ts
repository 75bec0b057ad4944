import 'server-only';
/**
 * Starts a backfill import of a CSV or JSONL history file: an admin names the project (slug or id), a
 * project key with the `import` scope imports into its own. Answers the running job at once; the rows are
 * stored in the background (services/imports/run-import.ts).
 */
import { recordAudit } from '@/db/queries/audit';
import { createJob } from '@/db/queries/jobs';
import { getProjectById, getProjectBySlug } from '@/db/queries/projects';
import type { Job } from '@/db/schema';
import { assertAccess } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseImportFile } from '@/lib/import/parse-file';
import { startImportSchema } from '@/lib/import/schemas';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';
import { runImport } from './run-import';

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
  const rows = parseImportFile(text, format);
  if (rows.length === 0) throw new AppError('bad_request:api', 'The file holds no rows.');
  const job = await ctx.db.transaction(async (tx) => {
    const created = await createJob(tx, {
      kind: 'import',
      status: 'running',
      total: rows.length,
      projectId,
      createdBy: actor.kind === 'user' ? actor.userId : null,
      params: { format, filename },
    });
    await recordAudit(tx, {
      actor,
      action: 'import.start',
      targetType: 'import',
      targetId: created.id,
      details: { projectId, rows: rows.length, format },
    });
    return created;
  });
  void runImport(ctx, { jobId: job.id, projectId, rows }).catch((err) => console.error(`[switchyard] import ${job.id} failed`, err));
  return { id: job.id, status: job.status, total: job.total };
}
