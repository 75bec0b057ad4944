import 'server-only';
/**
 * Checks an email and password, with throttling. Used by the next-auth credentials provider
 * (server/auth/options.ts); kept apart from next-auth so it is tested directly against a database.
 */
import { clearThrottleState, getThrottleState, saveThrottleState } from '@/db/queries/login-throttle';
import { getUserByEmail, recordLoginById } from '@/db/queries/users';
import type { UserActor } from '@/lib/auth/actor';
import { dummyPasswordHash, verifyPassword } from '@/lib/auth/password';
import { lockStatus, stateAfterFailure, throttleKey } from '@/lib/auth/throttle';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

export async function authenticate(
  ctx: ServiceContext,
  { email, password, clientAddress }: { email: string; password: string; clientAddress: string },
): Promise<UserActor> {
  const { db, now } = ctx;
  const key = throttleKey(email, clientAddress);
  const lock = lockStatus(await getThrottleState(db, { key }), now);
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
  if (!user || !valid) {
    await saveThrottleState(db, { key, state: stateAfterFailure(await getThrottleState(db, { key }), now) });
    throw new AppError('unauthorized:auth', 'Wrong email or password.');
  }
  if (!user.active) throw new AppError('forbidden:auth', 'This account is deactivated. Ask an admin to reactivate it.');
  await clearThrottleState(db, { key });
  await recordLoginById(db, { id: user.id, at: now });
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' };
}
