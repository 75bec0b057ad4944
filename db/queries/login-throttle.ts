import { eq } from 'drizzle-orm';
import type { ThrottleState } from '@/lib/auth/throttle';
import type { Database } from '../client';
import { loginThrottle } from '../schema';

export async function getThrottleState(db: Database, { key }: { key: string }): Promise<ThrottleState | null> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  return row ?? null;
}

export async function saveThrottleState(db: Database, { key, state }: { key: string; state: ThrottleState }): Promise<void> {
  await db
    .insert(loginThrottle)
    .values({ key, ...state })
    .onConflictDoUpdate({ target: loginThrottle.key, set: state });
}

export async function clearThrottleState(db: Database, { key }: { key: string }): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
