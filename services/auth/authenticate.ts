import 'server-only';
/**
 * Checks an email and password, with throttling. Used by the next-auth credentials provider
 * (server/auth/options.ts); kept apart from next-auth so it is tested directly against a database.
 */
import { changeThrottleStates } from '@/db/queries/login-throttle';
import { getUserByEmail, recordLoginById } from '@/db/queries/users';
import type { UserActor } from '@/lib/auth/actor';
import { dummyPasswordHash, verifyPassword } from '@/lib/auth/password';
import { decideAttempt, throttleKeys, writesAfterSuccess } from '@/lib/auth/throttle';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

export async function authenticate(
  ctx: ServiceContext,
  { email, password, clientAddress }: { email: string; password: string; clientAddress: string },
): Promise<UserActor> {
  const { db, now } = ctx;
  const keys = throttleKeys(email, clientAddress);
  // Counted as a failure before the password is checked; a right password takes it back below.
  const lock = await changeThrottleStates(db, { keys, change: (states) => decideAttempt(states, now) });
  if (lock.locked) {
    throw new AppError(
      'rate_limited:auth',
      `Too many failed sign-in attempts. Try again in ${Math.ceil(lock.retryAfterSeconds / 60)} minutes.`,
      { retryAfterSeconds: lock.retryAfterSeconds },
    );
  }
  const user = await getUserByEmail(db, { email });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !valid) throw new AppError('unauthorized:auth', 'Wrong email or password.');
  await changeThrottleStates(db, { keys, change: (states) => writesAfterSuccess(states, now) });
  if (!user.active) throw new AppError('forbidden:auth', 'This account is deactivated. Ask an admin to reactivate it.');
  await recordLoginById(db, { id: user.id, at: now });
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' };
}
