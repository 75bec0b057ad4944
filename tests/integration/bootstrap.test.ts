import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '@/db/queries/users';
import { resetEnvCache } from '@/lib/env';
import { authenticate } from '@/services/auth/authenticate';
import { bootstrapAdminFromEnv } from '@/services/setup/bootstrap-admin-from-env';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem } from '../helpers/fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());
afterEach(() => {
  delete process.env.ADMIN_EMAIL;
  delete process.env.ADMIN_PASSWORD;
  resetEnvCache();
});

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  it('does nothing without both variables', async () => {
    process.env.ADMIN_EMAIL = 'ops@example.com';
    resetEnvCache();
    expect(await bootstrapAdminFromEnv(asSystem(t))).toEqual({ created: false });
    expect(await listUsers(t.db)).toHaveLength(0);
  });

  it('creates an admin who can sign in, once; later starts leave users alone', async () => {
    process.env.ADMIN_EMAIL = 'ops@example.com';
    process.env.ADMIN_PASSWORD = 'ops password 123';
    resetEnvCache();
    expect(await bootstrapAdminFromEnv(asSystem(t))).toEqual({ created: true, email: 'ops@example.com' });
    expect(await bootstrapAdminFromEnv(asSystem(t))).toEqual({ created: false });
    const actor = await authenticate(as(t, null), { email: 'ops@example.com', password: 'ops password 123', clientAddress: 'test' });
    expect(actor.role).toBe('admin');

    process.env.ADMIN_EMAIL = 'someone-else@example.com';
    resetEnvCache();
    expect(await bootstrapAdminFromEnv(asSystem(t))).toEqual({ created: false });
    expect((await listUsers(t.db)).map((u) => u.email)).toEqual(['ops@example.com']);
  });

  it('refuses to start with a password that is too short', async () => {
    process.env.ADMIN_EMAIL = 'ops@example.com';
    process.env.ADMIN_PASSWORD = 'short';
    resetEnvCache();
    await expect(bootstrapAdminFromEnv(asSystem(t))).rejects.toThrow(/ADMIN_PASSWORD: must be at least 10 characters/);
  });
});
