import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '@/db/queries/audit';
import { countUsers, createFirstAdmin, listUsers, setUserActive, updateUserRole } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/fixtures';

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

describe('users', () => {
  it('creates the first admin once, even when two setups race', async () => {
    const hash = await hashPassword('a long password');
    const results = await Promise.allSettled([
      createFirstAdmin(t.db, { email: 'First@Example.com', name: 'A', passwordHash: hash }),
      createFirstAdmin(t.db, { email: 'second@example.com', name: 'B', passwordHash: hash }),
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
    const actor = { kind: 'system' as const, name: 'test' };
    const hash = await hashPassword('a long password');
    const [existing] = await listUsers(t.db);
    const { createUser } = await import('@/db/queries/users');
    expect(
      await codeOf(createUser(t.db, { actor, email: existing!.email.toUpperCase(), name: 'dup', role: 'viewer', passwordHash: hash })),
    ).toBe('conflict:user');
  });

  it('never removes the last active admin, by demotion or deactivation', async () => {
    const [admin] = await listUsers(t.db);
    const actor = { kind: 'user' as const, userId: admin!.id, email: admin!.email, name: admin!.name, role: 'admin' as const };
    expect(await codeOf(updateUserRole(t.db, { actor, userId: admin!.id, role: 'member' }))).toBe('conflict:user');
    expect(await codeOf(setUserActive(t.db, { actor, userId: admin!.id, active: false }))).toBe('conflict:user');

    const second = await makeUser(t.db, 'admin', 'second-admin@example.com');
    // With two admins, concurrent demotions of each other: exactly one may succeed.
    const outcomes = await Promise.all([
      codeOf(updateUserRole(t.db, { actor, userId: second.userId, role: 'viewer' })),
      codeOf(updateUserRole(t.db, { actor: second, userId: admin!.id, role: 'viewer' })),
    ]);
    expect(outcomes.sort()).toEqual(['conflict:user', 'resolved']);
    const admins = (await listUsers(t.db)).filter((u) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
  });

  it('deactivates and reactivates a user and audits who did it', async () => {
    const admin = (await listUsers(t.db)).find((u) => u.role === 'admin' && u.active)!;
    const actor = { kind: 'user' as const, userId: admin.id, email: admin.email, name: admin.name, role: 'admin' as const };
    const viewer = await makeUser(t.db, 'viewer');
    await setUserActive(t.db, { actor, userId: viewer.userId, active: false });
    expect((await listUsers(t.db)).find((u) => u.id === viewer.userId)?.active).toBe(false);
    await setUserActive(t.db, { actor, userId: viewer.userId, active: true });
    const entries = await listAuditEntries(t.db, { limit: 2 });
    expect(entries.map((e) => e.action)).toEqual(['user.activate', 'user.deactivate']);
    expect(entries[0]).toMatchObject({ actorEmail: admin.email, targetId: viewer.userId });
  });

  it('answers not_found for an unknown user', async () => {
    const admin = (await listUsers(t.db)).find((u) => u.role === 'admin' && u.active)!;
    const actor = { kind: 'user' as const, userId: admin.id, email: admin.email, name: admin.name, role: 'admin' as const };
    expect(await codeOf(updateUserRole(t.db, { actor, userId: '00000000-0000-4000-8000-000000000000', role: 'viewer' }))).toBe(
      'not_found:user',
    );
  });
});
