import 'server-only';
/** The editor's "check": every issue of a document (db/queries/routing-checks.ts), nothing stored. */
import { type RoutingCheckOptions, readRoutingDocument } from '@/db/queries/routing-checks';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { RoutingIssue } from '@/lib/routing/issues';
import type { ServiceContext } from '../context';

export async function checkRoutingDocument(
  ctx: ServiceContext,
  input: unknown,
  options: RoutingCheckOptions = {},
): Promise<{ valid: boolean; issues: RoutingIssue[] }> {
  assertCan(ctx.actor, 'routing:edit');
  const raw = typeof input === 'object' && input !== null && 'document' in input ? (input as { document: unknown }).document : input;
  try {
    const { issues, valid } = await readRoutingDocument(ctx.db, raw, ctx.now, options);
    return { valid, issues };
  } catch (err) {
    if (err instanceof AppError && err.issues) return { valid: false, issues: err.issues as RoutingIssue[] };
    throw err;
  }
}
