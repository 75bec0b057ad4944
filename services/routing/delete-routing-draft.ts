import 'server-only';
/** Deletes a draft (audited). Unknown → `not_found:routing_draft`. */
import { recordAudit } from '@/db/queries/audit';
import { deleteRoutingDraftById } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';
import { draftIdSchema } from './get-routing-draft';

export async function deleteRoutingDraft(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, 'routing:edit');
  const { id } = parseInput(draftIdSchema, input, 'routing_draft');
  const actor = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    const gone = await deleteRoutingDraftById(tx, { id });
    if (!gone) throw new AppError('not_found:routing_draft', 'There is no such draft (it may have been published or deleted).');
    await recordAudit(tx, {
      actor,
      action: 'routing.draft_delete',
      targetType: 'routing_draft',
      targetId: id,
      details: { name: gone.name },
    });
    return { id };
  });
}
