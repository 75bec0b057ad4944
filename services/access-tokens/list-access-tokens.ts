import 'server-only';
/** One's own tokens; with `everyone`, every person's (admins: access_tokens:manage). */
import { type AccessTokenListItem, listAccessTokensByUserId } from '@/db/queries/access-tokens';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

export async function listAccessTokens(
  ctx: ServiceContext,
  { everyone = false }: { everyone?: boolean } = {},
): Promise<AccessTokenListItem[]> {
  assertCan(ctx.actor, everyone ? 'access_tokens:manage' : 'access_tokens:own');
  if (everyone) return listAccessTokensByUserId(ctx.db, {});
  if (ctx.actor.kind !== 'user') throw new AppError('bad_request:access_token', 'Only a person has access tokens of their own.');
  return listAccessTokensByUserId(ctx.db, { userId: ctx.actor.userId });
}
