import 'server-only';
import { listUsers as listUserRows, type PublicUser } from '@/db/queries/users';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listUsers(ctx: ServiceContext): Promise<PublicUser[]> {
  assertCan(ctx.actor, 'users:manage');
  return listUserRows(ctx.db);
}
