import 'server-only';
/** What the calling key is: its project and scopes (GET /api/v1/key, for gateways checking their configuration). */
import { getProjectById } from '@/db/queries/projects';
import { assertScope } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

export async function describeApiKey(ctx: ServiceContext) {
  assertScope(ctx.actor, 'any');
  const actor = ctx.actor;
  if (actor.kind !== 'api_key') throw new AppError('unauthorized:api_key', 'This endpoint describes the API key that calls it.');
  const project = await getProjectById(ctx.db, { id: actor.projectId });
  return { project: { id: actor.projectId, slug: project?.slug, name: project?.name }, keyId: actor.keyId, scopes: actor.scopes };
}
