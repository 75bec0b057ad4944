import 'server-only';
/**
 * A person's access token (`Bearer syt_…`) to the person it acts as, with their role as it is now: one
 * look-up by hash joined to the user. Unknown, revoked, expired, or a deactivated person → 401.
 */
import { getAccessTokenByHash, touchAccessTokenById } from '@/db/queries/access-tokens';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { hashAccessToken, isWellFormedAccessToken } from '@/lib/keys/access-token';
import type { ServiceContext } from '../context';
import { touchOncePerMinute } from './touch-once-per-minute';

export async function authenticateAccessToken(ctx: ServiceContext, { secret }: { secret: string }): Promise<UserActor> {
  const refuse = (why: string) => new AppError('unauthorized:access_token', why);
  if (!isWellFormedAccessToken(secret)) throw refuse('Unknown access token.');
  const found = await getAccessTokenByHash(ctx.db, { tokenHash: hashAccessToken(secret) });
  if (!found) throw refuse('Unknown access token.');
  const { token, user } = found;
  if (token.revokedAt) throw refuse(`This access token (${token.prefix}) was revoked.`);
  if (token.expiresAt && token.expiresAt <= ctx.now) throw refuse(`This access token (${token.prefix}) has expired.`);
  if (!user.active) throw refuse('The person this access token belongs to is deactivated.');
  if (touchOncePerMinute(token.id, ctx.now)) await touchAccessTokenById(ctx.db, { id: token.id, at: ctx.now });
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, via: 'access_token', tokenId: token.id };
}
