/**
 * The signed-in person behind the current request, or null. The JWT says who; the database says
 * whether they are still active and what their role is now (services/auth/get-session-user.ts).
 */
import { getServerSession } from 'next-auth';
import type { UserActor } from '@/lib/auth/actor';
import { getSessionUser } from '@/services/auth/get-session-user';
import { contextFor } from '../context';
import { authOptions } from './options';

export async function getCurrentUser(): Promise<UserActor | null> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  return getSessionUser(await contextFor(null), { userId });
}
