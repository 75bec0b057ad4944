import { eq, inArray, sql } from 'drizzle-orm';
import type { ThrottleKeys, ThrottleState, ThrottleStates, ThrottleWrites } from '@/lib/auth/throttle';
import type { Database } from '../client';
import { loginThrottle } from '../schema';

/** Advisory-lock class of sign-in attempts (two-key form: this class, the email key's hash). */
const SIGN_IN_LOCK_CLASS = 727_010;

export async function getThrottleState(db: Database, { key }: { key: string }): Promise<ThrottleState | null> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  return row ? { failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil } : null;
}

/**
 * Reads the states of one attempt's keys, lets `change` decide, and stores its writes, in one
 * transaction that holds a lock on the email: concurrent attempts on one account queue here, so none
 * reads a count another is about to raise.
 */
export async function changeThrottleStates<T>(
  db: Database,
  { keys, change }: { keys: ThrottleKeys; change: (states: ThrottleStates) => { result: T; writes: ThrottleWrites } },
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK_CLASS}, hashtext(${keys.email}))`);
    const rows = await tx
      .select()
      .from(loginThrottle)
      .where(inArray(loginThrottle.key, [keys.pair, keys.email, keys.known]));
    const stateOf = (key: string): ThrottleState | null => {
      const row = rows.find((r) => r.key === key);
      return row ? { failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil } : null;
    };
    const { result, writes } = change({ pair: stateOf(keys.pair), email: stateOf(keys.email), known: stateOf(keys.known) });
    for (const [name, state] of Object.entries(writes) as [keyof ThrottleKeys, ThrottleState | null][]) {
      const key = keys[name];
      if (state === null) await tx.delete(loginThrottle).where(eq(loginThrottle.key, key));
      else
        await tx
          .insert(loginThrottle)
          .values({ key, ...state })
          .onConflictDoUpdate({ target: loginThrottle.key, set: state });
    }
    return result;
  });
}
