import 'server-only';
/**
 * Publishes a draft as the next version (admins: routing:publish), with a required change note. A draft that does
 * not validate is refused (`bad_request:routing`, with its issues); `revision`, when given, must be the draft's
 * current one (`conflict:routing_draft` otherwise: publish what you reviewed). The draft is consumed. Audited.
 */
import { deleteRoutingDraftById, getRoutingDraft } from '@/db/queries/routing';
import type { RoutingVersionRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import { type RoutingCheckOptions, readRoutingDocument } from '@/db/queries/routing-checks';
import { insertPublishedVersion } from '@/db/queries/routing-checks';
import { routingNotifier } from '@/db/routing-notifier';

const noteSchemaMessage = 'A change note is required (what changed and why).';

const schema = z.object({
  id: z.string().uuid(),
  note: z.string({ error: noteSchemaMessage }).trim().min(1, noteSchemaMessage).max(2000),
  revision: z.coerce.number().int().min(1).optional(),
});

export async function publishRoutingDraft(
  ctx: ServiceContext,
  input: unknown,
  options: RoutingCheckOptions = {},
): Promise<RoutingVersionRow> {
  assertCan(ctx.actor, 'routing:publish');
  const { id, note, revision } = parseInput(schema, input, 'routing');
  const actor = ctx.actor;
  const version = await ctx.db.transaction(async (tx) => {
    const draft = await getRoutingDraft(tx, { id, lock: true });
    if (!draft) throw new AppError('not_found:routing_draft', 'There is no such draft (it may have been published or deleted).');
    if (revision !== undefined && revision !== draft.revision) {
      throw new AppError(
        'conflict:routing_draft',
        `${draft.updatedByEmail} saved this draft (revision ${draft.revision}) after you reviewed revision ${revision}.`,
        { details: { currentRevision: draft.revision, updatedByEmail: draft.updatedByEmail, updatedAt: draft.updatedAt } },
      );
    }
    const read = await readRoutingDocument(tx, draft.document, ctx.now, options);
    if (!read.valid) {
      throw new AppError('bad_request:routing', 'This draft does not validate; fix its errors before publishing.', {
        issues: read.issues,
      });
    }
    const published = await insertPublishedVersion(tx, actor, ctx.now, {
      document: read.document,
      note,
      fromDraft: draft.id,
      action: 'routing.publish',
    });
    await deleteRoutingDraftById(tx, { id: draft.id });
    return published;
  });
  routingNotifier(ctx.handle).announce(version.number); // this instance; the others hear the NOTIFY
  return version;
}
