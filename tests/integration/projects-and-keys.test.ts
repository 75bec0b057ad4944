import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApiKeyByHash } from '@/db/queries/api-keys';
import { listAuditEntries } from '@/db/queries/audit';
import { listProjects } from '@/db/queries/projects';
import { apiKeys } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { AppError } from '@/lib/errors';
import { hashApiKey } from '@/lib/keys/api-key';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { listApiKeys } from '@/services/api-keys/list-api-keys';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';
import type { ServiceContext } from '@/services/context';
import { createProject } from '@/services/projects/create-project';
import { renameProject } from '@/services/projects/rename-project';
import { setProjectArchived } from '@/services/projects/set-project-archived';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { alteredSecret, as, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let admin: UserActor;
let ctx: ServiceContext;
beforeAll(async () => {
  t = await openTestDatabase();
  admin = await makeUser(t, 'admin');
  ctx = as(t, admin);
});
afterAll(async () => t?.destroy());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: AppError) => e.code,
  );

describe('projects', () => {
  it('creates, renames, archives and refuses a duplicate slug', async () => {
    const p = await createProject(ctx, { name: 'Checkout', slug: 'checkout' });
    expect(await codeOf(createProject(ctx, { name: 'Other', slug: 'checkout' }))).toBe('conflict:project');
    await renameProject(ctx, { id: p.id, name: 'Checkout agent' });
    await setProjectArchived(ctx, { id: p.id, archived: true });
    const [row] = await listProjects(t.db);
    expect(row).toMatchObject({ name: 'Checkout agent', slug: 'checkout' });
    expect(row?.archivedAt).toBeInstanceOf(Date);
    expect(await listProjects(t.db, { includeArchived: false })).toHaveLength(0);
    const actions = (await listAuditEntries(t.db, { limit: 3 })).map((e) => e.action);
    expect(actions).toEqual(['project.archive', 'project.rename', 'project.create']);
    await setProjectArchived(ctx, { id: p.id, archived: 'false' });
  });

  it('derives the slug from the name and refuses bad input before changing anything', async () => {
    expect(await createProject(ctx, { name: 'Billing Bot' })).toMatchObject({ slug: 'billing-bot' });
    expect(await codeOf(createProject(ctx, { name: '' }))).toBe('bad_request:api');
    expect(await codeOf(renameProject(ctx, { id: 'not-a-uuid', name: 'x' }))).toBe('bad_request:api');
  });
});

describe('api keys', () => {
  it('stores only a hash and a visible prefix, and finds the key by its hash', async () => {
    const project = await createProject(ctx, { name: 'Keys', slug: 'keys' });
    const { key, secret } = await createApiKey(ctx, { projectId: project.id, name: 'gateway', scopes: ['ingest'] });
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true);
    const stored = await t.db.select().from(apiKeys);
    const row = stored.find((r) => r.id === key.id)!;
    expect(row.keyHash).toBe(hashApiKey(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await getApiKeyByHash(t.db, { keyHash: hashApiKey(secret) }))?.id).toBe(key.id);
    expect(await getApiKeyByHash(t.db, { keyHash: hashApiKey(alteredSecret(secret)) })).toBeUndefined();
  });

  it('revokes a key, keeps it listed, and audits the revocation', async () => {
    const [item] = await listApiKeys(ctx);
    await revokeApiKey(ctx, { projectId: item!.projectId, id: item!.id });
    const [after] = await listApiKeys(ctx);
    expect(after?.revokedAt).toBeInstanceOf(Date);
    expect((await listAuditEntries(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'api_key.revoke', targetId: item!.id });
    expect(await codeOf(revokeApiKey(ctx, { projectId: item!.projectId, id: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'not_found:api_key',
    );
  });

  it('refuses a key for an unknown or archived project', async () => {
    expect(await codeOf(createApiKey(ctx, { projectId: '00000000-0000-4000-8000-000000000000', name: 'x', scopes: ['ingest'] }))).toBe(
      'not_found:project',
    );
    const archived = await createProject(ctx, { name: 'Old', slug: 'old' });
    await setProjectArchived(ctx, { id: archived.id, archived: true });
    expect(await codeOf(createApiKey(ctx, { projectId: archived.id, name: 'x', scopes: ['ingest'] }))).toBe('conflict:project');
  });
});
