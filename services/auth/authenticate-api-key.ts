import 'server-only';
/** A project API key (`Bearer sy_…`) to the actor it acts as: one look-up by hash, the scope checked before anything else. */
import { getApiKeyByHash, touchApiKeyById } from '@/db/queries/api-keys';
import type { KeyAccess } from '@/lib/auth/access';
import type { ApiKeyActor } from '@/lib/auth/actor';
import { assertScope } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { type ApiKeyScope, hashApiKey, isWellFormedApiKey } from '@/lib/keys/api-key';
import type { ServiceContext } from '../context';
import { touchOncePerMinute } from './touch-once-per-minute';

export async function authenticateApiKey(
  ctx: ServiceContext,
  { secret, scope }: { secret: string; scope: KeyAccess },
): Promise<ApiKeyActor> {
  if (!isWellFormedApiKey(secret)) throw new AppError('unauthorized:api_key', 'Unknown API key.');
  const key = await getApiKeyByHash(ctx.db, { keyHash: hashApiKey(secret) });
  if (!key) throw new AppError('unauthorized:api_key', 'Unknown API key.');
  if (key.revokedAt) throw new AppError('unauthorized:api_key', `This API key (${key.prefix}) was revoked.`);
  if (key.projectArchivedAt) throw new AppError('forbidden:project', 'This API key belongs to an archived project.');
  const actor: ApiKeyActor = { kind: 'api_key', projectId: key.projectId, keyId: key.id, scopes: key.scopes as ApiKeyScope[] };
  assertScope(actor, scope);
  if (touchOncePerMinute(key.id, ctx.now)) await touchApiKeyById(ctx.db, { projectId: key.projectId, id: key.id, at: ctx.now });
  return actor;
}
