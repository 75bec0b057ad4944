/**
 * Checks an email and password, with throttling. Used by the next-auth credentials provider; kept
 * apart from next-auth so it is tested directly against a database.
 */
import type { Database } from '@/db/client';
import { clearThrottleState, getThrottleState, saveThrottleState } from '@/db/queries/login-throttle';
import { getUserByEmail, recordLogin } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import type { UserActor } from './actor';
import { dummyPasswordHash, verifyPassword } from './password';
import { lockStatus, stateAfterFailure, throttleKey } from './throttle';

export async function authenticate(
  db: Database,
  { email, password, clientAddress, now = new Date() }: { email: string; password: string; clientAddress: string; now?: Date },
): Promise<UserActor> {
  const key = throttleKey(email, clientAddress);
  const lock = lockStatus(await getThrottleState(db, { key }), now);
  if (lock.locked) {
    throw new AppError(
      'rate_limited:auth',
      `Too many failed sign-in attempts. Try again in ${Math.ceil(lock.retryAfterSeconds / 60)} minutes.`,
      {
        retryAfterSeconds: lock.retryAfterSeconds,
      },
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
  await recordLogin(db, { id: user.id });
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role };
}
