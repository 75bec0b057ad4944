import 'server-only';
/**
 * A person creates an access token for themself; the secret is returned once, only its hash is kept. A
 * token cannot mint tokens: creating one takes the person's own session, so a leaked token cannot outlive
 * its revocation through a successor.
 */
import { insertAccessToken } from '@/db/queries/access-tokens';
import { recordAudit } from '@/db/queries/audit';
import type { AccessToken } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { generateAccessToken } from '@/lib/keys/access-token';
import { createAccessTokenSchema } from '@/lib/keys/schemas';
import type { ServiceContext } from '../context';

const DAY_MS = 86_400_000;

export async function createAccessToken(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ token: Omit<AccessToken, 'tokenHash'>; secret: string }> {
  assertCan(ctx.actor, 'access_tokens:own');
  const actor = ctx.actor;
  if (actor.kind !== 'user' || actor.via !== 'session') {
    throw new AppError('forbidden:access_token', 'Create access tokens while signed in; a token cannot create another.');
  }
  const { name, expiresInDays } = parseInput(createAccessTokenSchema, input);
  const expiresAt = expiresInDays === null ? null : new Date(ctx.now.getTime() + expiresInDays * DAY_MS);
  const generated = generateAccessToken();
  return ctx.db.transaction(async (tx) => {
    const token = await insertAccessToken(tx, {
      userId: actor.userId,
      name,
      prefix: generated.prefix,
      tokenHash: generated.hash,
      expiresAt,
    });
    await recordAudit(tx, {
      actor,
      action: 'access_token.create',
      targetType: 'access_token',
      targetId: token.id,
      details: { name, prefix: token.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, secret: generated.secret };
  });
}
