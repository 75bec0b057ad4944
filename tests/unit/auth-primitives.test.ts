import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { safeCallbackUrl, signInErrorMessage } from '@/lib/auth/sign-in-errors';
import {
  attemptLock,
  decideAttempt,
  EMAIL_THROTTLE_POLICY,
  KNOWN_ADDRESS_MS,
  lockStatus,
  stateAfterFailure,
  THROTTLE_POLICY,
  type ThrottleState,
  throttleKeys,
  writesAfterSuccess,
} from '@/lib/auth/throttle';
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

  it('keys by normalised email and client address (an IPv6 client by its /64), each kind under its own prefix', () => {
    expect(throttleKeys(' Ada@Example.com ', '10.0.0.1')).toEqual({
      pair: 'pair:ada@example.com|10.0.0.1',
      email: 'email:ada@example.com',
      known: 'known:ada@example.com|10.0.0.1',
    });
    expect(throttleKeys('a@b.c', '2001:db8:1:2::5').pair).toBe(throttleKeys('a@b.c', '2001:db8:1:2:ffff::9').pair);
    expect(throttleKeys('a@b.c', '2001:db8:1:2::5').pair).not.toBe(throttleKeys('a@b.c', '2001:db8:1:3::5').pair);
    // An odd "email" cannot write into another kind's key (e.g. make an address look known).
    const { pair } = throttleKeys('known:victim@example.com', '10.0.0.1');
    expect(Object.values(throttleKeys('victim@example.com', '10.0.0.1'))).not.toContain(pair);
  });

  it('slows an email past its daily limit from every address it never signed in from, but not from known ones', () => {
    let email: ThrottleState | null = null;
    for (let i = 0; i < EMAIL_THROTTLE_POLICY.maxFailures - 1; i++) email = stateAfterFailure(email, at(i), EMAIL_THROTTLE_POLICY);
    expect(attemptLock({ pair: null, email, known: null }, at(60_000)).locked).toBe(false);
    email = stateAfterFailure(email, at(60_000), EMAIL_THROTTLE_POLICY);
    const slowed = attemptLock({ pair: null, email, known: null }, at(61_000));
    expect(slowed).toEqual({ locked: true, retryAfterSeconds: EMAIL_THROTTLE_POLICY.lockMs / 1000 - 1 });
    // One more attempt per lock period, not a hard lock for the whole window.
    expect(attemptLock({ pair: null, email, known: null }, at(60_000 + EMAIL_THROTTLE_POLICY.lockMs)).locked).toBe(false);
    const known = { failures: 0, windowStartedAt: at(-KNOWN_ADDRESS_MS + 120_000), lockedUntil: null };
    expect(attemptLock({ pair: null, email, known }, at(61_000)).locked).toBe(false);
    expect(attemptLock({ pair: null, email, known }, at(120_000)).locked).toBe(true); // known 30 days, then not
  });

  it('counts an attempt before the password is checked and takes it back when it was right', () => {
    const first = decideAttempt({ pair: null, email: null, known: null }, at(0));
    expect(first.result.locked).toBe(false);
    expect([first.writes.pair?.failures, first.writes.email?.failures]).toEqual([1, 1]);
    const after = writesAfterSuccess({ pair: first.writes.pair!, email: first.writes.email!, known: null }, at(1000));
    expect(after.writes).toEqual({
      pair: null,
      email: { ...first.writes.email, failures: 0 },
      known: expect.objectContaining({ windowStartedAt: at(1000) }),
    });
    const locked = { failures: 5, windowStartedAt: at(0), lockedUntil: at(THROTTLE_POLICY.lockMs) };
    expect(decideAttempt({ pair: locked, email: null, known: null }, at(1000))).toEqual({
      result: expect.objectContaining({ locked: true }),
      writes: {},
    });
  });
});

describe('sign-in messages and redirects', () => {
  it('maps codes to readable messages with a safe default', () => {
    expect(signInErrorMessage('unauthorized:auth')).toBe('Wrong email or password.');
    expect(signInErrorMessage('something else')).toMatch(/Sign-in failed/);
  });
  it('accepts only same-origin destinations after sign-in, as a path', () => {
    const origin = 'http://localhost:3000';
    expect(safeCallbackUrl('/settings/users?x=1#top', origin)).toBe('/settings/users?x=1#top');
    expect(safeCallbackUrl(['/usage', '/other'], origin)).toBe('/usage');
    expect(safeCallbackUrl('http://localhost:3000/usage?mode=code', origin)).toBe('/usage?mode=code');
    for (const empty of [undefined, '', []]) expect(safeCallbackUrl(empty as string | undefined, origin)).toBe('/');
  });

  // Each as the page receives it (the query string decoded once), and each raw.
  const BYPASSES = [
    '/\t/evil.example',
    '/%09/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '//evil.example',
    '///evil.example',
    '/%2F%2Fevil.example',
    '/%5C%5Cevil.example',
    '/.//evil.example',
    '/..//evil.example',
    'https://evil.example',
    'HTTPS://evil.example/x',
    'https:evil.example',
    'http://localhost:3000@evil.example',
    'http://evil.example#http://localhost:3000',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
  ];
  it.each(BYPASSES)('never leaves the origin: %j', (value) => {
    const origin = 'http://localhost:3000';
    const result = safeCallbackUrl(value, origin);
    expect(result.startsWith('/')).toBe(true);
    expect(result.startsWith('//')).toBe(false);
    // What the browser does with it: window.location.assign(result) on the app's page.
    expect(new URL(result, origin).origin).toBe(origin);
    expect(new URL(result, 'https://switchyard.example.com').host).toBe('switchyard.example.com');
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
