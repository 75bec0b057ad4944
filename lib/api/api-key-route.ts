/** The wrapper for routes that gateways and SDKs call with a project API key (`Authorization: Bearer …`). */
import { getDb } from '@/db/client';
import { findApiKeyBySecret, touchApiKey } from '@/db/queries/api-keys';
import type { ApiKeyActor } from '@/lib/auth/actor';
import { AppError, errorResponse } from '@/lib/errors';
import { bearerToken, isWellFormedApiKey, type ApiKeyScope } from '@/lib/keys/api-key';

/** `scope` null accepts any valid key (used by the key check endpoint). */
export async function authenticateApiKey(req: Request, scope: ApiKeyScope | null): Promise<ApiKeyActor> {
  const secret = bearerToken(req.headers.get('authorization'));
  if (!secret) throw new AppError('unauthorized:api_key', 'Missing API key. Send it as "Authorization: Bearer sy_…".');
  if (!isWellFormedApiKey(secret)) throw new AppError('unauthorized:api_key', 'Unknown API key.');
  const db = await getDb();
  const key = await findApiKeyBySecret(db, { secret });
  if (!key) throw new AppError('unauthorized:api_key', 'Unknown API key.');
  if (key.revokedAt) throw new AppError('unauthorized:api_key', `This API key (${key.prefix}) was revoked.`);
  if (key.projectArchivedAt) throw new AppError('forbidden:project', 'This API key belongs to an archived project.');
  if (scope && !key.scopes.includes(scope)) throw new AppError('forbidden:api_key', `This API key lacks the "${scope}" scope.`);
  await touchOncePerMinute(db, key.projectId, key.id);
  return { kind: 'api_key', projectId: key.projectId, keyId: key.id, scopes: key.scopes as ApiKeyScope[] };
}

const lastTouched = new Map<string, number>();
const TOUCH_INTERVAL_MS = 60_000;

/** `last_used_at` is for people: minute precision is enough, and it spares a write per request. */
async function touchOncePerMinute(db: Awaited<ReturnType<typeof getDb>>, projectId: string, id: string) {
  const now = Date.now();
  if (now - (lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
  lastTouched.set(id, now);
  await touchApiKey(db, { projectId, id });
}

export function apiKeyRoute(scope: ApiKeyScope | null, handler: (req: Request, ctx: { actor: ApiKeyActor }) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      return await handler(req, { actor: await authenticateApiKey(req, scope) });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
