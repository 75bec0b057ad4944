import 'server-only';
/**
 * A person revokes their own tokens; an admin (access_tokens:manage) anyone's. Another person's token is
 * "not found" to someone who may not revoke it, so ids reveal nothing. Revoking twice changes nothing.
 */
import { getAccessTokenById, revokeAccessTokenById } from '@/db/queries/access-tokens';
import { recordAudit } from '@/db/queries/audit';
import { assertCan } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { revokeAccessTokenSchema } from '@/lib/keys/schemas';
import type { ServiceContext } from '../context';

export async function revokeAccessToken(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'access_tokens:own');
  const actor = ctx.actor;
  const { id } = parseInput(revokeAccessTokenSchema, input);
  await ctx.db.transaction(async (tx) => {
    const token = await getAccessTokenById(tx, { id, lock: true });
    const mayRevoke = token && (actor.kind === 'system' || token.userId === actor.userId || can(actor.role, 'access_tokens:manage'));
    if (!token || !mayRevoke) throw new AppError('not_found:access_token', 'No such access token.');
    if (token.revokedAt) return;
    await revokeAccessTokenById(tx, { id, at: ctx.now });
    await recordAudit(tx, {
      actor,
      action: 'access_token.revoke',
      targetType: 'access_token',
      targetId: id,
      details: { name: token.name, prefix: token.prefix, ownerUserId: token.userId },
    });
  });
  return { id };
}
