import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';
import { authenticateApiKey } from '@/services/auth/authenticate-api-key';
import { setProjectArchived } from '@/services/projects/set-project-archived';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { alteredSecret, as, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as unknown }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle as never));

let t: TestDatabase;
let admin: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  admin = await makeUser(t, 'admin');
});
afterAll(async () => t?.destroy());

async function call(secret?: string) {
  const { GET } = await import('@/app/api/v1/key/route');
  const res = await GET(new Request('http://localhost/api/v1/key', { headers: secret ? { authorization: `Bearer ${secret}` } : {} }), {
    params: Promise.resolve({}),
  });
  const body = await res.json();
  return { status: res.status, code: body.error?.code as string | undefined, body };
}

describe('API key authentication (GET /api/v1/key)', () => {
  let secret: string;
  let projectId: string;
  let keyId: string;
  beforeEach(async () => {
    const project = await makeProject(t);
    projectId = project.id;
    const created = await createApiKey(as(t, admin), { projectId, name: 'gw', scopes: ['routing:read'] });
    secret = created.secret;
    keyId = created.key.id;
  });

  it('accepts a valid key, names its project and scopes, and records its use', async () => {
    const res = await call(secret);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ project: { id: projectId }, keyId, scopes: ['routing:read'] });
    const row = await t.db.query.apiKeys.findFirst({ where: (k, { eq }) => eq(k.id, keyId) });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('answers a missing, malformed or unknown key with 401 unauthorized:api_key', async () => {
    for (const s of [undefined, 'not-a-key', alteredSecret(secret)]) {
      const res = await call(s);
      expect([res.status, res.code]).toEqual([401, 'unauthorized:api_key']);
    }
  });

  it('refuses a revoked key and says so', async () => {
    await revokeApiKey(as(t, admin), { projectId, id: keyId });
    const res = await call(secret);
    expect([res.status, res.code]).toEqual([401, 'unauthorized:api_key']);
    expect(res.body.error.message).toMatch(/revoked/);
  });

  it('refuses a key of an archived project', async () => {
    await setProjectArchived(as(t, admin), { id: projectId, archived: true });
    const res = await call(secret);
    expect([res.status, res.code]).toEqual([403, 'forbidden:project']);
  });

  it('refuses a key without the scope a route needs', async () => {
    await expect(authenticateApiKey(as(t, null), { secret, scope: 'ingest' })).rejects.toMatchObject({ code: 'forbidden:api_key' });
    await expect(authenticateApiKey(as(t, null), { secret, scope: 'routing:read' })).resolves.toMatchObject({ projectId, keyId });
  });
});
