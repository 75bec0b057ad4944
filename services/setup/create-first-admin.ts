import 'server-only';
/**
 * The one operation an anonymous caller may run, and only while no user exists: it refuses
 * (`conflict:setup`) as soon as any user does, under a lock, so it can never add a second admin.
 */
import { recordAudit } from '@/db/queries/audit';
import { countUsers, insertUser, lockFirstAdminCreation, type PublicUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { firstAdminSchema } from '@/lib/users/schemas';
import type { ServiceContext } from '../context';

export async function createFirstAdmin(ctx: ServiceContext, input: unknown): Promise<PublicUser> {
  const { name, email, password } = parseInput(firstAdminSchema, input, 'setup');
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    await lockFirstAdminCreation(tx);
    if ((await countUsers(tx)) > 0) throw new AppError('conflict:setup', 'Setup is already complete. Sign in instead.');
    const user = await insertUser(tx, { name, email, role: 'admin', passwordHash });
    if (!user) throw new AppError('conflict:user', 'A user with this email already exists.', { fields: { email: ['Already in use.'] } });
    await recordAudit(tx, {
      actor: { kind: 'system', name: 'setup' },
      action: 'user.create_first_admin',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email },
    });
    return user;
  });
}
