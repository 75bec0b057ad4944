import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdminFromEnv } from '@/db/bootstrap';
import { listUsers } from '@/db/queries/users';
import { authenticate } from '@/lib/auth/authenticate';
import { resetEnvCache } from '@/lib/env';
import { openTestDatabase, type TestDatabase } from '../helpers/database';

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
    expect(await bootstrapAdminFromEnv(t.db)).toEqual({ created: false });
    expect(await listUsers(t.db)).toHaveLength(0);
  });

  it('creates an admin who can sign in, once; later starts leave users alone', async () => {
    process.env.ADMIN_EMAIL = 'ops@example.com';
    process.env.ADMIN_PASSWORD = 'ops password 123';
    resetEnvCache();
    expect(await bootstrapAdminFromEnv(t.db)).toEqual({ created: true, email: 'ops@example.com' });
    expect(await bootstrapAdminFromEnv(t.db)).toEqual({ created: false });
    const actor = await authenticate(t.db, { email: 'ops@example.com', password: 'ops password 123', clientAddress: 'test' });
    expect(actor.role).toBe('admin');

    process.env.ADMIN_EMAIL = 'someone-else@example.com';
    resetEnvCache();
    expect(await bootstrapAdminFromEnv(t.db)).toEqual({ created: false });
    expect((await listUsers(t.db)).map((u) => u.email)).toEqual(['ops@example.com']);
  });

  it('refuses to start with a password that is too short', async () => {
    process.env.ADMIN_EMAIL = 'ops@example.com';
    process.env.ADMIN_PASSWORD = 'short';
    resetEnvCache();
    await expect(bootstrapAdminFromEnv(t.db)).rejects.toThrow(/ADMIN_PASSWORD: must be at least 10 characters/);
  });
});
