import { getDb } from '@/db/client';
import { getJobById } from '@/db/queries/jobs';
import { authenticateApiKey } from '@/lib/api/api-key-route';
import { getCurrentUser } from '@/lib/auth/current-user';
import { assertCan } from '@/lib/auth/guard';
import { AppError, errorResponse } from '@/lib/errors';
import { bearerToken } from '@/lib/keys/api-key';
import { jobLabel } from '@/lib/jobs/label';

export const dynamic = 'force-dynamic';

/** A job's progress and error report: for admins, or for the `import` key of the job's project. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    let keyProject: string | null = null;
    if (bearerToken(req.headers.get('authorization'))) keyProject = (await authenticateApiKey(req, 'import')).projectId;
    else assertCan(await getCurrentUser(), 'data:import');
    const job = /^[0-9a-f-]{36}$/i.test(id) ? await getJobById(await getDb(), { id }) : undefined;
    if (!job || (keyProject !== null && job.projectId !== keyProject)) throw new AppError('not_found:job', 'No such job.');
    const { id: jobId, kind, status, total, processed, failed, errors, createdAt, finishedAt } = job;
    return Response.json({ id: jobId, kind, label: jobLabel(job), status, total, processed, failed, errors, createdAt, finishedAt });
  } catch (err) {
    return errorResponse(err);
  }
}
