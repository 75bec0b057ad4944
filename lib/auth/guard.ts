/** The permission check every route handler, server action and protected page runs itself. */
import { AppError } from '@/lib/errors';
import type { UserActor } from './actor';
import { can, type Permission } from './permissions';

export function assertCan(actor: UserActor | null, permission: Permission): asserts actor is UserActor {
  if (!actor) throw new AppError('unauthorized:auth', 'Sign in to continue. Your session may have expired.');
  if (!can(actor.role, permission)) {
    throw new AppError('forbidden:auth', `Your role (${actor.role}) does not allow this. Ask an admin if you need access.`);
  }
}
