import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, findApiKeyBySecret, listApiKeys, revokeApiKey } from '@/db/queries/api-keys';
import { listAuditEntries } from '@/db/queries/audit';
import { createProject, listProjects, renameProject, setProjectArchived } from '@/db/queries/projects';
import { apiKeys } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { AppError } from '@/lib/errors';
import { hashApiKey } from '@/lib/keys/api-key';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { alteredSecret, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let admin: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  admin = await makeUser(t.db, 'admin');
});
afterAll(async () => t?.destroy());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: AppError) => e.code,
  );

describe('projects', () => {
  it('creates, renames, archives and refuses a duplicate slug', async () => {
    const p = await createProject(t.db, { actor: admin, name: 'Checkout', slug: 'checkout' });
    expect(await codeOf(createProject(t.db, { actor: admin, name: 'Other', slug: 'checkout' }))).toBe('conflict:project');
    await renameProject(t.db, { actor: admin, id: p.id, name: 'Checkout agent' });
    await setProjectArchived(t.db, { actor: admin, id: p.id, archived: true });
    const [row] = await listProjects(t.db);
    expect(row).toMatchObject({ name: 'Checkout agent', slug: 'checkout' });
    expect(row?.archivedAt).toBeInstanceOf(Date);
    expect(await listProjects(t.db, { includeArchived: false })).toHaveLength(0);
    const actions = (await listAuditEntries(t.db, { limit: 3 })).map((e) => e.action);
    expect(actions).toEqual(['project.archive', 'project.rename', 'project.create']);
    await setProjectArchived(t.db, { actor: admin, id: p.id, archived: false });
  });
});

describe('api keys', () => {
  it('stores only a hash and a visible prefix, and finds the key by its secret', async () => {
    const project = await createProject(t.db, { actor: admin, name: 'Keys', slug: 'keys' });
    const { key, secret } = await createApiKey(t.db, { actor: admin, projectId: project.id, name: 'gateway', scopes: ['ingest'] });
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true);
    const stored = await t.db.select().from(apiKeys);
    const row = stored.find((r) => r.id === key.id)!;
    expect(row.keyHash).toBe(hashApiKey(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await findApiKeyBySecret(t.db, { secret }))?.id).toBe(key.id);
    expect(await findApiKeyBySecret(t.db, { secret: alteredSecret(secret) })).toBeUndefined();
  });

  it('revokes a key, keeps it listed, and audits the revocation', async () => {
    const [item] = await listApiKeys(t.db);
    await revokeApiKey(t.db, { actor: admin, projectId: item!.projectId, id: item!.id });
    const [after] = await listApiKeys(t.db);
    expect(after?.revokedAt).toBeInstanceOf(Date);
    expect((await listAuditEntries(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'api_key.revoke', targetId: item!.id });
    expect(await codeOf(revokeApiKey(t.db, { actor: admin, projectId: item!.projectId, id: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'not_found:api_key',
    );
  });

  it('refuses a key for an unknown or archived project', async () => {
    expect(
      await codeOf(createApiKey(t.db, { actor: admin, projectId: '00000000-0000-4000-8000-000000000000', name: 'x', scopes: ['ingest'] })),
    ).toBe('not_found:project');
    const archived = await createProject(t.db, { actor: admin, name: 'Old', slug: 'old' });
    await setProjectArchived(t.db, { actor: admin, id: archived.id, archived: true });
    expect(await codeOf(createApiKey(t.db, { actor: admin, projectId: archived.id, name: 'x', scopes: ['ingest'] }))).toBe(
      'conflict:project',
    );
  });
});
