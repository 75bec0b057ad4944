/**
 * Who may import history: an admin in the browser (data:import; the project named in the query) or a
 * project API key with the `import` scope (its own project). The check happens before anything is read.
 */
import { getDb } from '@/db/client';
import { getProjectById, getProjectBySlug } from '@/db/queries/projects';
import type { UserActor } from '@/lib/auth/actor';
import { getCurrentUser } from '@/lib/auth/current-user';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { bearerToken } from '@/lib/keys/api-key';
import { authenticateApiKey } from './api-key-route';

export interface ImportCaller {
  projectId: string;
  /** The admin who uploaded, or null for an API key. */
  user: UserActor | null;
}

export async function importCaller(req: Request, projectParam: string | null): Promise<ImportCaller> {
  if (bearerToken(req.headers.get('authorization'))) {
    const key = await authenticateApiKey(req, 'import');
    return { projectId: key.projectId, user: null };
  }
  const user = await getCurrentUser();
  assertCan(user, 'data:import');
  if (!projectParam) throw new AppError('bad_request:api', 'Name the project: ?project=<slug or id>.');
  const db = await getDb();
  const project = /^[0-9a-f-]{36}$/i.test(projectParam)
    ? await getProjectById(db, { id: projectParam })
    : await getProjectBySlug(db, { slug: projectParam });
  if (!project) throw new AppError('not_found:project', `No project "${projectParam}".`);
  if (project.archivedAt) throw new AppError('forbidden:project', 'This project is archived.');
  return { projectId: project.id, user };
}
