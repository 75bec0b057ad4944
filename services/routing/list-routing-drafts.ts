import 'server-only';
/** Drafts in progress, most recently saved first (documents not included: get-routing-draft has them). */
import { listRoutingDrafts as listDrafts, type RoutingDraftSummary } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listRoutingDrafts(ctx: ServiceContext): Promise<RoutingDraftSummary[]> {
  assertCan(ctx.actor, 'dashboards:read');
  return listDrafts(ctx.db);
}
