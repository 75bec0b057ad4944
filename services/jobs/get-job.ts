import 'server-only';
/** A job's progress and error report: for admins (data:import), or for an `import` key of the job's own project. */
import { getJobById } from '@/db/queries/jobs';
import { assertAccess } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { jobLabel } from '@/lib/jobs/label';
import type { ServiceContext } from '../context';

const UUID = /^[0-9a-f-]{36}$/i;

export async function getJob(ctx: ServiceContext, { id }: { id: string }) {
  assertAccess(ctx.actor, { person: 'data:import', apiKey: 'import' });
  const job = UUID.test(id) ? await getJobById(ctx.db, { id }) : undefined;
  if (!job || (ctx.actor?.kind === 'api_key' && job.projectId !== ctx.actor.projectId)) {
    throw new AppError('not_found:job', 'No such job.');
  }
  const { kind, status, total, processed, failed, errors, createdAt, finishedAt } = job;
  return { id: job.id, kind, label: jobLabel(job), status, total, processed, failed, errors, createdAt, finishedAt };
}
