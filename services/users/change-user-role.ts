import 'server-only';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { changeUserRoleSchema } from '@/lib/users/schemas';
import type { ServiceContext } from '../context';
import { applyUserChange } from './apply-user-change';

export async function changeUserRole(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'users:manage');
  const { userId, role } = parseInput(changeUserRoleSchema, input);
  await applyUserChange(ctx, { userId, change: { kind: 'role', role } });
  return { userId, role };
}
