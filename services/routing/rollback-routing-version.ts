import 'server-only';
/**
 * Rollback republishes an earlier version's document as a new version (history only grows: the version gateways
 * run is always the newest number), with a required change note. Admins (routing:publish). Audited.
 */
import { getPublishedVersionNumber, getRoutingVersion } from '@/db/queries/routing';
import type { RoutingVersionRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import { versionNumberSchema } from './get-routing-version';
import { insertPublishedVersion } from '@/db/queries/routing-checks';
import { routingNotifier } from '@/db/routing-notifier';

const noteSchemaMessage = 'A change note is required (what changed and why).';

const schema = z.object({
  version: versionNumberSchema,
  note: z.string({ error: noteSchemaMessage }).trim().min(1, noteSchemaMessage).max(2000),
});

export async function rollbackRoutingVersion(ctx: ServiceContext, input: unknown): Promise<RoutingVersionRow> {
  assertCan(ctx.actor, 'routing:publish');
  const { version: target, note } = parseInput(schema, input, 'routing');
  const actor = ctx.actor;
  const version = await ctx.db.transaction(async (tx) => {
    const earlier = await getRoutingVersion(tx, { number: target });
    if (!earlier) throw new AppError('not_found:routing', `There is no routing version ${target}.`);
    if ((await getPublishedVersionNumber(tx)) === target) {
      throw new AppError('conflict:routing', `Version ${target} is the published one; there is nothing to roll back to.`);
    }
    return insertPublishedVersion(tx, actor, ctx.now, {
      document: earlier.document,
      note,
      rolledBackFrom: target,
      action: 'routing.rollback',
    });
  });
  routingNotifier(ctx.handle).announce(version.number); // this instance; the others hear the NOTIFY
  return version;
}
