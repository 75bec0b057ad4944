/**
 * Sign-in throttling, pure (policy: docs/adr/0002). Two counters per attempt: the email with the client's
 * address (locks hard, quickly) and the email alone (slows, slowly, so rotating addresses never gives
 * unlimited guesses). Addresses the account signed in from recently skip the email counter, so a third
 * party cannot lock a person out of the places they use. db/queries/login-throttle.ts stores the state.
 */
import { throttleAddress } from './client-address';

export interface ThrottlePolicy {
  /** Failures allowed inside one window; the one that reaches this locks the key. */
  maxFailures: number;
  windowMs: number;
  /** How long each failure at or beyond maxFailures locks the key. */
  lockMs: number;
}

/** One email from one client address. */
export const THROTTLE_POLICY = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
} as const satisfies ThrottlePolicy;

/** One email from any address: beyond 50 failures a day, one attempt per 5 minutes. */
export const EMAIL_THROTTLE_POLICY = {
  maxFailures: 50,
  windowMs: 24 * 60 * 60_000,
  lockMs: 5 * 60_000,
} as const satisfies ThrottlePolicy;

/** A successful sign-in makes its address known to that account for this long. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export type LockStatus = { locked: false } | { locked: true; retryAfterSeconds: number };

export interface ThrottleKeys {
  pair: string;
  email: string;
  /** windowStartedAt of this key is the last successful sign-in from the address. */
  known: string;
}

export interface ThrottleStates {
  pair: ThrottleState | null;
  email: ThrottleState | null;
  known: ThrottleState | null;
}

export function lockStatus(state: ThrottleState | null, now: Date): LockStatus {
  if (!state?.lockedUntil || state.lockedUntil <= now) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) };
}

export function stateAfterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy = THROTTLE_POLICY): ThrottleState {
  const windowOpen = state && now.getTime() - state.windowStartedAt.getTime() < policy.windowMs;
  const failures = windowOpen ? state.failures + 1 : 1;
  const windowStartedAt = windowOpen ? state.windowStartedAt : now;
  const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null;
  return { failures, windowStartedAt, lockedUntil };
}

/** Takes one counted failure back (an attempt counted up front turned out right). */
export function stateAfterRelease(state: ThrottleState | null, policy: ThrottlePolicy): ThrottleState | null {
  if (!state) return null;
  const failures = Math.max(0, state.failures - 1);
  return { ...state, failures, lockedUntil: failures >= policy.maxFailures ? state.lockedUntil : null };
}

export function isKnownAddress(known: ThrottleState | null, now: Date): boolean {
  return !!known && now.getTime() - known.windowStartedAt.getTime() < KNOWN_ADDRESS_MS;
}

/** Whether an attempt may go ahead: the pair's lock always holds; the email's unless the address is known. */
export function attemptLock(states: ThrottleStates, now: Date): LockStatus {
  const pair = lockStatus(states.pair, now);
  if (pair.locked || isKnownAddress(states.known, now)) return pair;
  return lockStatus(states.email, now);
}

/** What to store per key: a state, or null to delete the row. */
export type ThrottleWrites = Partial<Record<keyof ThrottleKeys, ThrottleState | null>>;

/**
 * Before the password is checked: refuse if locked, otherwise count the attempt as a failure up front
 * (so concurrent guesses cannot overshoot a limit); a right password takes it back (writesAfterSuccess).
 */
export function decideAttempt(states: ThrottleStates, now: Date): { result: LockStatus; writes: ThrottleWrites } {
  const lock = attemptLock(states, now);
  if (lock.locked) return { result: lock, writes: {} };
  return {
    result: lock,
    writes: {
      pair: stateAfterFailure(states.pair, now, THROTTLE_POLICY),
      email: stateAfterFailure(states.email, now, EMAIL_THROTTLE_POLICY),
    },
  };
}

/** The password was right: the pair starts afresh, the email's counted failure is taken back, the address becomes known. */
export function writesAfterSuccess(states: ThrottleStates, now: Date): { result: undefined; writes: ThrottleWrites } {
  const email = stateAfterRelease(states.email, EMAIL_THROTTLE_POLICY);
  return {
    result: undefined,
    writes: { pair: null, ...(email ? { email } : {}), known: { failures: 0, windowStartedAt: now, lockedUntil: null } },
  };
}

export function throttleKeys(email: string, clientAddress: string): ThrottleKeys {
  const who = email.trim().toLowerCase();
  const where = throttleAddress(clientAddress);
  // Distinct prefixes: no email, however odd, can name another kind's key.
  return { pair: `pair:${who}|${where}`, email: `email:${who}`, known: `known:${who}|${where}` };
}
