import 'server-only';
/**
 * A new draft: from a document given whole (the JSON editor, "routing as code"), or a copy of a version (the
 * published one by default). A document that is not one at all is refused with its issues; one with errors of
 * meaning is kept (a draft is work in progress) and its issues returned.
 */
import { recordAudit } from '@/db/queries/audit';
import { getPublishedRouting, getRoutingVersion, insertRoutingDraft } from '@/db/queries/routing';
import type { RoutingDraftRow } from '@/db/schema';
import { auditIdentity } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { RoutingDocument } from '@/lib/routing/document';
import type { RoutingIssue } from '@/lib/routing/issues';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import { type RoutingCheckOptions, readRoutingDocument } from '@/db/queries/routing-checks';

const schema = z.object({
  name: z.string().trim().max(200).default(''),
  /** A version to start from; absent: the published one (or an empty table when none is). */
  basedOnVersion: z.coerce.number().int().min(1).nullish(),
  document: z.unknown().optional(),
});

const EMPTY: RoutingDocument = { tiers: {}, rules: [] };

export async function createRoutingDraft(
  ctx: ServiceContext,
  input: unknown,
  options: RoutingCheckOptions = {},
): Promise<RoutingDraftRow & { issues: RoutingIssue[]; valid: boolean }> {
  assertCan(ctx.actor, 'routing:edit');
  const { name, basedOnVersion, document: given } = parseInput(schema, input ?? {}, 'routing_draft');
  const actor = ctx.actor;
  const base = basedOnVersion
    ? await getRoutingVersion(ctx.db, { number: basedOnVersion })
    : given === undefined
      ? await getPublishedRouting(ctx.db)
      : undefined;
  if (basedOnVersion && !base) throw new AppError('not_found:routing', `There is no routing version ${basedOnVersion}.`);
  const read = await readRoutingDocument(ctx.db, given ?? base?.document ?? EMPTY, ctx.now, options);
  const who = auditIdentity(actor);
  return ctx.db.transaction(async (tx) => {
    const draft = await insertRoutingDraft(tx, {
      name,
      basedOnVersion: base?.number ?? null,
      document: read.document,
      createdBy: who.actorUserId,
      createdByEmail: who.actorEmail,
      createdAt: ctx.now,
      updatedBy: who.actorUserId,
      updatedByEmail: who.actorEmail,
      updatedAt: ctx.now,
    });
    await recordAudit(tx, {
      actor,
      action: 'routing.draft_create',
      targetType: 'routing_draft',
      targetId: draft.id,
      details: { name, basedOnVersion: draft.basedOnVersion },
    });
    return { ...draft, issues: read.issues, valid: read.valid };
  });
}
