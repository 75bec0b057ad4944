import 'server-only';
/** Deactivating a person ends their sessions and their access tokens on the next request (both re-read the user). */
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { setUserActiveSchema } from '@/lib/users/schemas';
import type { ServiceContext } from '../context';
import { applyUserChange } from './apply-user-change';

export async function setUserActive(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'users:manage');
  const { userId, active } = parseInput(setUserActiveSchema, input);
  await applyUserChange(ctx, { userId, change: active ? { kind: 'activate' } : { kind: 'deactivate' } });
  return { userId, active };
}
