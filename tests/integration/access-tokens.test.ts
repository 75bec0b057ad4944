/**
 * A person's access tokens (`Bearer syt_…`) on the management API: shown once and stored as a hash, acting
 * with the person's role as it is at each call, refused (401 unauthorized:access_token) once revoked,
 * expired or when the person is deactivated; every create and revoke is in the audit log.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { listAuditEntries } from '@/db/queries/audit';
import { accessTokens } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { AppError } from '@/lib/errors';
import { hashAccessToken } from '@/lib/keys/access-token';
import { createAccessToken } from '@/services/access-tokens/create-access-token';
import { listAccessTokens } from '@/services/access-tokens/list-access-tokens';
import { revokeAccessToken } from '@/services/access-tokens/revoke-access-token';
import { changeUserRole } from '@/services/users/change-user-role';
import { setUserActive } from '@/services/users/set-user-active';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { alteredSecret, as, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => null }));

let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let viewer: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  viewer = await makeUser(t, 'viewer');
});
afterAll(async () => t?.destroy());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: AppError) => e.code,
  );

/** GET /api/v1/jobs/{id}: needs data:import (admins); an unknown job is 404 to whoever may look. */
async function getJob(secret: string) {
  const { GET } = await import('@/app/api/v1/jobs/[id]/route');
  const id = '00000000-0000-4000-8000-000000000000';
  const res = await GET(new Request(`http://localhost/api/v1/jobs/${id}`, { headers: { authorization: `Bearer ${secret}` } }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
}

async function exportCsv(secret: string) {
  const { GET } = await import('@/app/(app)/usage/export/route');
  const res = await GET(new Request('http://localhost/usage/export?group=mode', { headers: { authorization: `Bearer ${secret}` } }));
  return res.status;
}

describe('access tokens', () => {
  it('are shown once, stored only as a hash, listed for their person, and audited', async () => {
    const { token, secret } = await createAccessToken(as(t, member), { name: 'CI sync', expiresInDays: '30' });
    expect(secret).toMatch(/^syt_[a-z0-9]{8}_[a-z0-9]{40}$/);
    expect(secret.startsWith(`${token.prefix}_`)).toBe(true);
    const stored = await t.db.select().from(accessTokens);
    expect(stored.find((r) => r.id === token.id)?.tokenHash).toBe(hashAccessToken(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(token.expiresAt!.getTime() - token.createdAt.getTime()).toBeGreaterThan(29 * 86_400_000);
    expect((await listAccessTokens(as(t, member))).map((x) => x.id)).toEqual([token.id]);
    expect(await listAccessTokens(as(t, viewer))).toEqual([]);
    expect((await listAuditEntries(t.db, { limit: 1 }))[0]).toMatchObject({
      action: 'access_token.create',
      targetId: token.id,
      actorEmail: member.email,
    });
  });

  it('act with their person’s role as it is now, never the role they were created with', async () => {
    const { secret } = await createAccessToken(as(t, member), { name: 'promotion', expiresInDays: null });
    expect(await getJob(secret)).toEqual({ status: 403, code: 'forbidden:auth' });
    expect(await exportCsv(secret)).toBe(200);
    await changeUserRole(as(t, admin), { userId: member.userId, role: 'admin' });
    expect(await getJob(secret)).toEqual({ status: 404, code: 'not_found:job' });
    await changeUserRole(as(t, admin), { userId: member.userId, role: 'member' });
    expect(await getJob(secret)).toEqual({ status: 403, code: 'forbidden:auth' });
    const row = await t.db.query.accessTokens.findFirst({ where: (x, { eq }) => eq(x.tokenHash, hashAccessToken(secret)) });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuse unknown, malformed, revoked and expired tokens with 401 unauthorized:access_token', async () => {
    const { token, secret } = await createAccessToken(as(t, admin), { name: 'short-lived', expiresInDays: 7 });
    expect(await getJob(secret)).toEqual({ status: 404, code: 'not_found:job' });
    for (const bad of [alteredSecret(secret), 'syt_nonsense']) {
      expect(await getJob(bad)).toEqual({ status: 401, code: 'unauthorized:access_token' });
    }
    await t.db.update(accessTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessTokens.id, token.id));
    expect(await getJob(secret)).toEqual({ status: 401, code: 'unauthorized:access_token' });

    const other = await createAccessToken(as(t, admin), { name: 'to revoke', expiresInDays: null });
    await revokeAccessToken(as(t, admin), { id: other.token.id });
    expect(await getJob(other.secret)).toEqual({ status: 401, code: 'unauthorized:access_token' });
    expect((await listAuditEntries(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'access_token.revoke', targetId: other.token.id });
  });

  it('stop working while their person is deactivated', async () => {
    const leaver = await makeUser(t, 'admin');
    const { secret } = await createAccessToken(as(t, leaver), { name: 'leaver', expiresInDays: null });
    expect(await getJob(secret)).toEqual({ status: 404, code: 'not_found:job' });
    await setUserActive(as(t, admin), { userId: leaver.userId, active: false });
    expect(await getJob(secret)).toEqual({ status: 401, code: 'unauthorized:access_token' });
    await setUserActive(as(t, admin), { userId: leaver.userId, active: true });
    expect(await getJob(secret)).toEqual({ status: 404, code: 'not_found:job' });
  });

  it('are not project keys: a key-only route refuses them without looking them up', async () => {
    const { secret } = await createAccessToken(as(t, admin), { name: 'wrong door', expiresInDays: null });
    const { POST } = await import('@/app/api/v1/events/route');
    const res = await POST(
      new Request('http://localhost/api/v1/events', { method: 'POST', body: '{}', headers: { authorization: `Bearer ${secret}` } }),
    );
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([401, 'unauthorized:api_key']);
  });

  it('cannot mint tokens, and only their person or an admin may revoke them', async () => {
    const { token, secret } = await createAccessToken(as(t, viewer), { name: 'mine', expiresInDays: null });
    const viaToken: UserActor = { ...viewer, via: 'access_token', tokenId: token.id };
    expect(await codeOf(createAccessToken(as(t, viaToken), { name: 'child', expiresInDays: null }))).toBe('forbidden:access_token');
    expect(await codeOf(revokeAccessToken(as(t, member), { id: token.id }))).toBe('not_found:access_token');
    expect(await codeOf(listAccessTokens(as(t, member), { everyone: true }))).toBe('forbidden:auth');
    expect((await listAccessTokens(as(t, admin), { everyone: true })).map((x) => x.id)).toContain(token.id);
    await revokeAccessToken(as(t, admin), { id: token.id });
    expect(await exportCsv(secret)).toBe(401);
    expect((await listAuditEntries(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'access_token.revoke', actorEmail: admin.email });
    expect(await codeOf(createAccessToken(as(t, viewer), { name: '', expiresInDays: 'soon' }))).toBe('bad_request:api');
  });
});
