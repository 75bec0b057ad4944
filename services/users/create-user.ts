import 'server-only';
import { recordAudit } from '@/db/queries/audit';
import { insertUser, type PublicUser } from '@/db/queries/users';
import { assertCan } from '@/lib/auth/guard';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { createUserSchema } from '@/lib/users/schemas';
import type { ServiceContext } from '../context';

export async function createUser(ctx: ServiceContext, input: unknown): Promise<PublicUser> {
  assertCan(ctx.actor, 'users:manage');
  const { password, ...data } = parseInput(createUserSchema, input);
  const passwordHash = await hashPassword(password);
  const actor = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    const user = await insertUser(tx, { ...data, passwordHash });
    if (!user) throw new AppError('conflict:user', 'A user with this email already exists.', { fields: { email: ['Already in use.'] } });
    await recordAudit(tx, {
      actor,
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role },
    });
    return user;
  });
}
