/**
 * Sign-in throttling through the credentials provider, as next-auth calls it: headers as the request
 * carried them, the peer address as scripts/serve.mjs stamps it (tests/e2e/security.spec.ts proves the
 * stamp on the running server).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { PEER_HEADER, PEER_HEADER_MARK } from '@/lib/auth/client-address';
import { authenticate } from '@/services/auth/authenticate';
import { authOptions } from '@/server/auth/options';
import { EMAIL_THROTTLE_POLICY, THROTTLE_POLICY } from '@/lib/auth/throttle';
import type { AppError } from '@/lib/errors';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeUser, TEST_PASSWORD } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
  (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] = true;
  t = await openTestDatabase();
  current.handle = t;
});
afterAll(async () => t?.destroy());

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ role: string }>;
const authorize = (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

/** One sign-in as next-auth runs it; the role on success, the error code otherwise. */
async function signIn(email: string, password: string, headers: Record<string, string>): Promise<string> {
  try {
    return (await authorize({ email, password }, { headers })).role;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('sign-in throttling keys on the socket address, not on X-Forwarded-For', () => {
  it('locks the account for a client that rotates X-Forwarded-For: 30 wrong passwords, 5 guesses', async () => {
    await makeUser(t, 'viewer', 'rotating@example.com');
    const answers: string[] = [];
    for (let i = 0; i < 30; i++)
      answers.push(
        await signIn('rotating@example.com', `wrong-${i}`, { [PEER_HEADER]: '203.0.113.50', 'x-forwarded-for': `198.51.100.${i}` }),
      );
    expect(answers.filter((a) => a === 'unauthorized:auth')).toHaveLength(THROTTLE_POLICY.maxFailures);
    expect(answers.slice(THROTTLE_POLICY.maxFailures).every((a) => a === 'rate_limited:auth')).toBe(true);
    // Even the right password, under yet another forwarded address.
    expect(await signIn('rotating@example.com', TEST_PASSWORD, { [PEER_HEADER]: '203.0.113.50', 'x-forwarded-for': '192.0.2.99' })).toBe(
      'rate_limited:auth',
    );
  });

  it("does not let a third party lock the victim's own address by sending it as X-Forwarded-For", async () => {
    await makeUser(t, 'member', 'victim@example.com');
    const victim = '192.0.2.10';
    for (let i = 0; i < 30; i++) await signIn('victim@example.com', 'guess', { [PEER_HEADER]: '203.0.113.66', 'x-forwarded-for': victim });
    // Next fills X-Forwarded-For with the socket address when the client sent none, as the victim's browser does.
    expect(await signIn('victim@example.com', TEST_PASSWORD, { [PEER_HEADER]: victim, 'x-forwarded-for': victim })).toBe('member');
    // The attacker's own address is the one locked.
    expect(await signIn('victim@example.com', TEST_PASSWORD, { [PEER_HEADER]: '203.0.113.66', 'x-forwarded-for': victim })).toBe(
      'rate_limited:auth',
    );
  });

  it('trusts X-Forwarded-For only as far as SWITCHYARD_TRUSTED_PROXY_HOPS says', async () => {
    const { resetEnvCache } = await import('@/lib/env');
    process.env.SWITCHYARD_TRUSTED_PROXY_HOPS = '1';
    resetEnvCache();
    try {
      await makeUser(t, 'viewer', 'proxied@example.com');
      const viaProxy = (client: string, spoofed: string) => ({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': `${spoofed}, ${client}` });
      for (let i = 0; i < THROTTLE_POLICY.maxFailures; i++)
        await signIn('proxied@example.com', 'nope', viaProxy('198.51.100.7', `6.6.6.${i}`));
      expect(await signIn('proxied@example.com', TEST_PASSWORD, viaProxy('198.51.100.7', '6.6.6.200'))).toBe('rate_limited:auth');
      expect(await signIn('proxied@example.com', TEST_PASSWORD, viaProxy('198.51.100.8', '198.51.100.7'))).toBe('viewer');
    } finally {
      delete process.env.SWITCHYARD_TRUSTED_PROXY_HOPS;
      resetEnvCache();
    }
  });

  it('ignores a client-sent peer header when the app was not started by scripts/serve.mjs', async () => {
    (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] = undefined;
    try {
      await makeUser(t, 'viewer', 'unstamped@example.com');
      for (let i = 0; i < THROTTLE_POLICY.maxFailures; i++)
        await signIn('unstamped@example.com', 'nope', { [PEER_HEADER]: `198.51.100.${i}` });
      expect(await signIn('unstamped@example.com', TEST_PASSWORD, { [PEER_HEADER]: '198.51.100.99' })).toBe('rate_limited:auth');
    } finally {
      (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] = true;
    }
  });
});

async function attempt(email: string, password: string, clientAddress: string, now: Date): Promise<string> {
  try {
    return (await authenticate(as(t, null, now), { email, password, clientAddress })).role;
  } catch (err) {
    return (err as AppError).code;
  }
}

describe('the per-email limit', () => {
  it('slows guesses from rotating addresses, while the owner still signs in from an address they used before', async () => {
    await makeUser(t, 'admin', 'spread@example.com');
    const now = new Date('2031-03-01T00:00:00Z');
    expect(await attempt('spread@example.com', TEST_PASSWORD, '192.0.2.77', now)).toBe('admin'); // the owner's office
    const answers: string[] = [];
    for (let i = 0; i < EMAIL_THROTTLE_POLICY.maxFailures + 10; i++)
      answers.push(await attempt('spread@example.com', 'guess', `198.18.${i >> 8}.${i & 255}`, now));
    expect(answers.filter((a) => a === 'unauthorized:auth')).toHaveLength(EMAIL_THROTTLE_POLICY.maxFailures);
    expect(await attempt('spread@example.com', TEST_PASSWORD, '198.18.9.9', now)).toBe('rate_limited:auth');
    expect(await attempt('spread@example.com', TEST_PASSWORD, '192.0.2.77', now)).toBe('admin');
    // Slowed, not locked: one attempt per lock period from anywhere else.
    const later = new Date(now.getTime() + EMAIL_THROTTLE_POLICY.lockMs);
    expect(await attempt('spread@example.com', 'guess', '198.18.9.10', later)).toBe('unauthorized:auth');
    expect(await attempt('spread@example.com', TEST_PASSWORD, '198.18.9.11', later)).toBe('rate_limited:auth');
    expect(
      await attempt('spread@example.com', TEST_PASSWORD, '198.18.9.11', new Date(later.getTime() + EMAIL_THROTTLE_POLICY.lockMs)),
    ).toBe('admin');
  });

  it('counts concurrent guesses exactly: 20 at once from one address get 5 password checks', async () => {
    await makeUser(t, 'viewer', 'burst@example.com');
    const now = new Date('2031-04-01T00:00:00Z');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt('burst@example.com', `guess-${i}`, '203.0.113.80', now)),
    );
    expect(answers.filter((a) => a === 'unauthorized:auth')).toHaveLength(THROTTLE_POLICY.maxFailures);
    expect(answers.filter((a) => a === 'rate_limited:auth')).toHaveLength(20 - THROTTLE_POLICY.maxFailures);
  });
});
