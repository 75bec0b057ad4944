import 'server-only';
/** Returns the secret once; only its hash is stored. */
import { insertApiKey } from '@/db/queries/api-keys';
import { recordAudit } from '@/db/queries/audit';
import { getProjectById } from '@/db/queries/projects';
import type { ApiKey } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { generateApiKey } from '@/lib/keys/api-key';
import { createApiKeySchema } from '@/lib/keys/schemas';
import type { ServiceContext } from '../context';

export async function createApiKey(
  ctx: ServiceContext,
  input: unknown,
): Promise<{
  key: Omit<ApiKey, 'keyHash'>;
  secret: string;
  project: { id: string; slug: string };
}> {
  assertCan(ctx.actor, 'api_keys:manage');
  const { projectId, name, scopes } = parseInput(createApiKeySchema, input);
  const actor = ctx.actor;
  const generated = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    const project = await getProjectById(tx, { id: projectId });
    if (!project) throw new AppError('not_found:project', 'No such project.', { fields: { projectId: ['Unknown project.'] } });
    if (project.archivedAt) throw new AppError('conflict:project', 'This project is archived; unarchive it before creating keys.');
    const key = await insertApiKey(tx, {
      projectId,
      name,
      scopes,
      prefix: generated.prefix,
      keyHash: generated.hash,
      createdBy: actor.kind === 'user' ? actor.userId : null,
    });
    await recordAudit(tx, {
      actor,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: key.id,
      details: { projectId, name, scopes, prefix: key.prefix },
    });
    return { key, secret: generated.secret, project: { id: project.id, slug: project.slug } };
  });
}
