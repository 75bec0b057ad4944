/** A page's own permission check: the signed-in person, a service context, and whether the page must render Forbidden instead. */
import type { UserActor } from '@/lib/auth/actor';
import { can, type Permission } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/services/context';
import { getPageContext } from './page-guard';

export async function pageUserWith(permission: Permission): Promise<{ user: UserActor; ctx: ServiceContext; denied: boolean }> {
  const { user, ctx } = await getPageContext();
  return { user, ctx, denied: !can(user.role, permission) };
}
