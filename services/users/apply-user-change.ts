import 'server-only';
/** A role change, deactivation or reactivation, refused when it would leave the organisation no active admin. */
import { recordAudit } from '@/db/queries/audit';
import { getUserById, lockActiveAdminIds, updateUserById } from '@/db/queries/users';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { removesLastAdmin, type UserChange } from '@/lib/users/last-admin';
import type { ServiceContext } from '../context';

export async function applyUserChange(
  ctx: ServiceContext,
  { userId, change }: { userId: string; change: UserChange | { kind: 'activate' } },
) {
  assertCan(ctx.actor, 'users:manage');
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    // Lock the active admins so two concurrent demotions cannot both pass the check.
    const admins = await lockActiveAdminIds(tx);
    const target = await getUserById(tx, { id: userId });
    if (!target) throw new AppError('not_found:user', 'No such user.');
    if (change.kind !== 'activate' && removesLastAdmin(admins, userId, change)) {
      throw new AppError('conflict:user', 'This is the last active admin. Make another user admin first.');
    }
    await updateUserById(tx, {
      id: userId,
      values: change.kind === 'role' ? { role: change.role } : { active: change.kind === 'activate' },
    });
    await recordAudit(tx, {
      actor,
      action: change.kind === 'role' ? 'user.change_role' : `user.${change.kind}`,
      targetType: 'user',
      targetId: userId,
      details: change.kind === 'role' ? { email: target.email, from: target.role, to: change.role } : { email: target.email },
    });
  });
}
