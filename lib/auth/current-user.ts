/**
 * The signed-in person behind the current request, or null. The JWT says who; the database says
 * whether they are still active and what their role is now, so a deactivation or role change takes
 * effect on the next request rather than when the token expires.
 */
import { getServerSession } from 'next-auth';
import { getDb } from '@/db/client';
import { getUserById } from '@/db/queries/users';
import type { UserActor } from './actor';
import { authOptions } from './options';

export async function getCurrentUser(): Promise<UserActor | null> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const user = await getUserById(await getDb(), { id: userId });
  if (!user?.active) return null;
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role };
}
