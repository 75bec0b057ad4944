import 'server-only';
/**
 * Saves a draft's document, naming the revision the editor read. Someone saved in between → `conflict:routing_draft`
 * (409) and nothing is written: the caller still has its document, and `details` say who saved which revision, so it
 * can reload, merge and save again. Validated on every save; errors of meaning are stored and returned (publishing
 * refuses them), a document that is not one is refused with its issues.
 */
import { getRoutingDraft, updateRoutingDraftIfRevision } from '@/db/queries/routing';
import type { RoutingDraftRow } from '@/db/schema';
import { auditIdentity } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { RoutingIssue } from '@/lib/routing/issues';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import { type RoutingCheckOptions, readRoutingDocument } from '@/db/queries/routing-checks';

const schema = z.object({
  id: z.string().uuid(),
  /** The revision the editor loaded. */
  revision: z.coerce.number().int().min(1),
  document: z.unknown().refine((d) => d !== undefined, 'The document is required.'),
  name: z.string().trim().max(200).optional(),
});

export async function saveRoutingDraft(
  ctx: ServiceContext,
  input: unknown,
  options: RoutingCheckOptions = {},
): Promise<RoutingDraftRow & { issues: RoutingIssue[]; valid: boolean }> {
  assertCan(ctx.actor, 'routing:edit');
  const { id, revision, document, name } = parseInput(schema, input, 'routing_draft');
  const read = await readRoutingDocument(ctx.db, document, ctx.now, options);
  const who = auditIdentity(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const saved = await updateRoutingDraftIfRevision(tx, {
      id,
      expectedRevision: revision,
      document: read.document,
      name,
      by: who.actorUserId,
      byEmail: who.actorEmail,
      at: ctx.now,
    });
    if (saved) return { ...saved, issues: read.issues, valid: read.valid };
    const current = await getRoutingDraft(tx, { id });
    if (!current) throw new AppError('not_found:routing_draft', 'There is no such draft (it may have been published or deleted).');
    throw new AppError(
      'conflict:routing_draft',
      `${current.updatedByEmail} saved this draft (revision ${current.revision}) after you loaded revision ${revision}. ` +
        'Your changes were not saved: reload the draft, re-apply them and save again.',
      { details: { currentRevision: current.revision, updatedByEmail: current.updatedByEmail, updatedAt: current.updatedAt } },
    );
  });
}
