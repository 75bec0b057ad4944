/**
 * Sign-in throttling, pure: the state of one key (email + client address) after a failure, and whether
 * it is locked now. db/queries/login-throttle.ts stores the state so it holds across restarts and instances.
 */
export const THROTTLE_POLICY = {
  /** Failures allowed inside one window before the key is locked. */
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
} as const;

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export function lockStatus(state: ThrottleState | null, now: Date): { locked: false } | { locked: true; retryAfterSeconds: number } {
  if (!state?.lockedUntil || state.lockedUntil <= now) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) };
}

export function stateAfterFailure(state: ThrottleState | null, now: Date, policy = THROTTLE_POLICY): ThrottleState {
  const windowOpen = state && now.getTime() - state.windowStartedAt.getTime() < policy.windowMs;
  const failures = windowOpen ? state.failures + 1 : 1;
  const windowStartedAt = windowOpen ? state.windowStartedAt : now;
  const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null;
  return { failures, windowStartedAt, lockedUntil };
}

export function throttleKey(email: string, clientAddress: string): string {
  return `${email.trim().toLowerCase()}|${clientAddress}`;
}
