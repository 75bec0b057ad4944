import 'server-only';
/**
 * The person a session names, as they are now: a deactivation or role change takes effect on the next
 * request rather than when the session expires.
 */
import { getUserById } from '@/db/queries/users';
import type { UserActor } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';

export async function getSessionUser(ctx: ServiceContext, { userId }: { userId: string }): Promise<UserActor | null> {
  const user = await getUserById(ctx.db, { id: userId });
  if (!user?.active) return null;
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' };
}
