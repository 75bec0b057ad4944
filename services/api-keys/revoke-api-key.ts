import 'server-only';
/** Revoking twice is harmless: the second time changes nothing and records nothing. */
import { getApiKeyById, revokeApiKeyById } from '@/db/queries/api-keys';
import { recordAudit } from '@/db/queries/audit';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { revokeApiKeySchema } from '@/lib/keys/schemas';
import type { ServiceContext } from '../context';

export async function revokeApiKey(ctx: ServiceContext, input: unknown) {
  assertCan(ctx.actor, 'api_keys:manage');
  const { projectId, id } = parseInput(revokeApiKeySchema, input);
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const row = await getApiKeyById(tx, { projectId, id, lock: true });
    if (!row) throw new AppError('not_found:api_key', 'No such API key.');
    if (row.revokedAt) return;
    await revokeApiKeyById(tx, { projectId, id, at: ctx.now });
    await recordAudit(tx, {
      actor,
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: id,
      details: { projectId, name: row.name, prefix: row.prefix },
    });
  });
  return { id };
}
