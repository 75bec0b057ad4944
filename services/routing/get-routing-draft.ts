import 'server-only';
/** One draft with its document and its current issues (validated against what the server knows now). */
import { getRoutingDraft as getDraft } from '@/db/queries/routing';
import type { RoutingDraftRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { RoutingIssue } from '@/lib/routing/issues';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import { type RoutingCheckOptions, readRoutingDocument } from '@/db/queries/routing-checks';

export const draftIdSchema = z.object({ id: z.string().uuid() });

export async function getRoutingDraft(
  ctx: ServiceContext,
  input: unknown,
  options: RoutingCheckOptions = {},
): Promise<RoutingDraftRow & { issues: RoutingIssue[]; valid: boolean }> {
  assertCan(ctx.actor, 'dashboards:read');
  const { id } = parseInput(draftIdSchema, input, 'routing_draft');
  const draft = await getDraft(ctx.db, { id });
  if (!draft) throw new AppError('not_found:routing_draft', 'There is no such draft (it may have been published or deleted).');
  const { issues, valid } = await readRoutingDocument(ctx.db, draft.document, ctx.now, options);
  return { ...draft, issues, valid };
}
