import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { safeCallbackUrl, signInErrorMessage } from '@/lib/auth/sign-in-errors';
import { lockStatus, stateAfterFailure, THROTTLE_POLICY, throttleKey } from '@/lib/auth/throttle';
import { bearerKind, generateAccessToken, isWellFormedAccessToken } from '@/lib/keys/access-token';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from '@/lib/keys/api-key';
import { bearerToken } from '@/lib/keys/secret';
import { isCrossSiteMutation } from '@/lib/http/cross-site';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });
});

describe('sign-in throttle', () => {
  const t0 = new Date('2030-01-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('locks after the allowed failures inside one window, for the lock period', () => {
    let state = null;
    for (let i = 0; i < THROTTLE_POLICY.maxFailures - 1; i++) state = stateAfterFailure(state, at(i * 1000));
    expect(lockStatus(state, at(5000)).locked).toBe(false);
    state = stateAfterFailure(state, at(5000));
    const status = lockStatus(state, at(6000));
    expect(status).toEqual({ locked: true, retryAfterSeconds: THROTTLE_POLICY.lockMs / 1000 - 1 });
    expect(lockStatus(state, at(5000 + THROTTLE_POLICY.lockMs)).locked).toBe(false);
  });

  it('starts a new window when failures are spread out', () => {
    let state = null;
    for (let i = 0; i < THROTTLE_POLICY.maxFailures * 2; i++) state = stateAfterFailure(state, at(i * THROTTLE_POLICY.windowMs));
    expect(state?.failures).toBe(1);
    expect(lockStatus(state, at(0)).locked).toBe(false);
  });

  it('keys by normalised email and client address', () => {
    expect(throttleKey(' Ada@Example.com ', '10.0.0.1')).toBe('ada@example.com|10.0.0.1');
  });
});

describe('sign-in messages and redirects', () => {
  it('maps codes to readable messages with a safe default', () => {
    expect(signInErrorMessage('unauthorized:auth')).toBe('Wrong email or password.');
    expect(signInErrorMessage('something else')).toMatch(/Sign-in failed/);
  });
  it('accepts only same-site paths as the destination after sign-in', () => {
    expect(safeCallbackUrl('/settings/users?x=1')).toBe('/settings/users?x=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', undefined, ''])
      expect(safeCallbackUrl(bad as string | undefined)).toBe('/');
  });
});

describe('API keys', () => {
  it('generates well-formed, unique secrets whose hash is stable', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(isWellFormedApiKey(a.secret)).toBe(true);
    expect(a.secret.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(hashApiKey(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('reads only Bearer authorization headers', () => {
    expect(bearerToken('Bearer sy_abc')).toBe('sy_abc');
    expect(bearerToken('bearer   sy_abc ')).toBe('sy_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken(null)).toBeNull();
    expect(isWellFormedApiKey('sy_short_x')).toBe(false);
  });
});

describe('access tokens', () => {
  it('are told apart from project keys by their prefix, and neither passes for the other', () => {
    const token = generateAccessToken();
    const key = generateApiKey();
    expect(isWellFormedAccessToken(token.secret)).toBe(true);
    expect([bearerKind(token.secret), bearerKind(key.secret)]).toEqual(['access_token', 'api_key']);
    expect(isWellFormedApiKey(token.secret)).toBe(false);
    expect(isWellFormedAccessToken(key.secret)).toBe(false);
  });
});

describe('cross-site mutations', () => {
  const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });
  it('refuses another site’s write, by Sec-Fetch-Site or else by Origin, and lets reads and non-browser clients through', () => {
    expect(isCrossSiteMutation(req('POST', { 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteMutation(req('POST', { 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSiteMutation(req('POST', { 'sec-fetch-site': 'same-origin' }))).toBe(false);
    expect(isCrossSiteMutation(req('POST', { origin: 'https://evil.example', host: 'switchyard.example' }))).toBe(true);
    expect(isCrossSiteMutation(req('POST', { origin: 'null', host: 'switchyard.example' }))).toBe(true);
    expect(isCrossSiteMutation(req('POST', { origin: 'https://switchyard.example', host: 'switchyard.example' }))).toBe(false);
    expect(isCrossSiteMutation(req('DELETE', { origin: 'https://a.example', 'x-forwarded-host': 'a.example', host: 'internal' }))).toBe(
      false,
    );
    expect(isCrossSiteMutation(req('GET', { 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isCrossSiteMutation(req('POST', {}))).toBe(false);
  });
});
