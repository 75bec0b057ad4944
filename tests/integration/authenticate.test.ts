import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE_POLICY } from '@/lib/auth/throttle';
import type { AppError } from '@/lib/errors';
import { authenticate } from '@/services/auth/authenticate';
import { setUserActive } from '@/services/users/set-user-active';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeUser, TEST_PASSWORD } from '../helpers/fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

async function attempt(email: string, password: string, now = new Date(), clientAddress = '10.0.0.1') {
  try {
    const actor = await authenticate(as(t, null, now), { email, password, clientAddress });
    return actor.role;
  } catch (err) {
    return (err as AppError).code;
  }
}

describe('authenticate', () => {
  it('accepts the right password with any email case and records the sign-in', async () => {
    const admin = await makeUser(t, 'admin', 'boss@example.com');
    expect(await attempt('  BOSS@example.com ', TEST_PASSWORD)).toBe('admin');
    const row = await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, admin.userId) });
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('refuses a wrong password and an unknown email with the same code', async () => {
    expect(await attempt('boss@example.com', 'wrong password')).toBe('unauthorized:auth');
    expect(await attempt('nobody@example.com', TEST_PASSWORD)).toBe('unauthorized:auth');
  });

  it('locks a key after repeated failures, even for the right password, and unlocks later', async () => {
    await makeUser(t, 'viewer', 'target@example.com');
    const now = new Date('2030-01-01T00:00:00Z');
    for (let i = 0; i < THROTTLE_POLICY.maxFailures; i++)
      expect(await attempt('target@example.com', 'nope', now, '10.9.9.9')).toBe('unauthorized:auth');
    expect(await attempt('target@example.com', TEST_PASSWORD, now, '10.9.9.9')).toBe('rate_limited:auth');
    // Another client address is not locked out by this one's failures.
    expect(await attempt('target@example.com', TEST_PASSWORD, now, '10.1.1.1')).toBe('viewer');
    const later = new Date(now.getTime() + THROTTLE_POLICY.lockMs + 1000);
    expect(await attempt('target@example.com', TEST_PASSWORD, later, '10.9.9.9')).toBe('viewer');
  });

  it('refuses a deactivated account', async () => {
    const admin = await makeUser(t, 'admin', 'other-admin@example.com');
    const member = await makeUser(t, 'member', 'leaver@example.com');
    await setUserActive(as(t, admin), { userId: member.userId, active: false });
    expect(await attempt('leaver@example.com', TEST_PASSWORD)).toBe('forbidden:auth');
  });
});
