import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '@/db/queries/audit';
import { countUsers, listUsers } from '@/db/queries/users';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { createFirstAdmin } from '@/services/setup/create-first-admin';
import { changeUserRole } from '@/services/users/change-user-role';
import { createUser } from '@/services/users/create-user';
import { setUserActive } from '@/services/users/set-user-active';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

const actorOf = (u: { id: string; email: string; name: string }): UserActor => ({
  kind: 'user',
  userId: u.id,
  email: u.email,
  name: u.name,
  role: 'admin',
  via: 'session',
});

describe('users', () => {
  it('creates the first admin once, even when two setups race', async () => {
    const results = await Promise.allSettled([
      createFirstAdmin(as(t, null), { email: 'First@Example.com', name: 'A', password: 'a long password' }),
      createFirstAdmin(as(t, null), { email: 'second@example.com', name: 'B', password: 'a long password' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe('conflict:setup');
    expect(await countUsers(t.db)).toBe(1);
    const [admin] = await listUsers(t.db);
    const winner = (won[0] as PromiseFulfilledResult<{ email: string }>).value.email;
    expect(['first@example.com', 'second@example.com']).toContain(winner); // stored lower-cased
    expect(admin).toMatchObject({ email: winner, role: 'admin', active: true });
    expect(admin).not.toHaveProperty('passwordHash');
  });

  it('refuses a duplicate email whatever its case', async () => {
    const [existing] = await listUsers(t.db);
    const input = { email: existing!.email.toUpperCase(), name: 'dup', role: 'viewer', password: 'a long password' };
    expect(await codeOf(createUser(asSystem(t), input))).toBe('conflict:user');
  });

  it('never removes the last active admin, by demotion or deactivation', async () => {
    const [admin] = await listUsers(t.db);
    const actor = actorOf(admin!);
    expect(await codeOf(changeUserRole(as(t, actor), { userId: admin!.id, role: 'member' }))).toBe('conflict:user');
    expect(await codeOf(setUserActive(as(t, actor), { userId: admin!.id, active: false }))).toBe('conflict:user');

    const second = await makeUser(t, 'admin', 'second-admin@example.com');
    // With two admins, concurrent demotions of each other: exactly one may succeed.
    const outcomes = await Promise.all([
      codeOf(changeUserRole(as(t, actor), { userId: second.userId, role: 'viewer' })),
      codeOf(changeUserRole(as(t, second), { userId: admin!.id, role: 'viewer' })),
    ]);
    expect(outcomes.sort()).toEqual(['conflict:user', 'resolved']);
    const admins = (await listUsers(t.db)).filter((u) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
  });

  it('deactivates and reactivates a user and audits who did it', async () => {
    const admin = (await listUsers(t.db)).find((u) => u.role === 'admin' && u.active)!;
    const viewer = await makeUser(t, 'viewer');
    await setUserActive(as(t, actorOf(admin)), { userId: viewer.userId, active: 'false' });
    expect((await listUsers(t.db)).find((u) => u.id === viewer.userId)?.active).toBe(false);
    await setUserActive(as(t, actorOf(admin)), { userId: viewer.userId, active: true });
    const entries = await listAuditEntries(t.db, { limit: 2 });
    expect(entries.map((e) => e.action)).toEqual(['user.activate', 'user.deactivate']);
    expect(entries[0]).toMatchObject({ actorEmail: admin.email, targetId: viewer.userId });
  });

  it('answers not_found for an unknown user, and bad_request for bad input, changing nothing', async () => {
    const admin = (await listUsers(t.db)).find((u) => u.role === 'admin' && u.active)!;
    const ctx = as(t, actorOf(admin));
    expect(await codeOf(changeUserRole(ctx, { userId: '00000000-0000-4000-8000-000000000000', role: 'viewer' }))).toBe('not_found:user');
    const before = await listAuditEntries(t.db, { limit: 1 });
    expect(await codeOf(changeUserRole(ctx, { userId: admin.id, role: 'owner' }))).toBe('bad_request:api');
    expect(await codeOf(createUser(ctx, { email: 'not an email', name: 'x', role: 'viewer', password: 'short' }))).toBe('bad_request:api');
    expect(await listAuditEntries(t.db, { limit: 1 })).toEqual(before);
  });
});
