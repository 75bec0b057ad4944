/** A page's own permission check: the signed-in user when allowed, or the Forbidden panel to render. */
import { Forbidden } from '@/components/shell/forbidden';
import type { UserActor } from './actor';
import { getPageUser } from './page-guard';
import { can, type Permission } from './permissions';

export async function pageUserWith(
  permission: Permission,
): Promise<{ user: UserActor; denied: null } | { user: UserActor; denied: React.ReactElement }> {
  const user = await getPageUser();
  return can(user.role, permission) ? { user, denied: null } : { user, denied: <Forbidden role={user.role} /> };
}
