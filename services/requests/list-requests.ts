import 'server-only';
/** One page of a project's requests, newest first, under the explorer's filters (keyset-paginated). */
import { listRequests as listRequestRows, type RequestFilters } from '@/db/queries/requests';
import { assertCan } from '@/lib/auth/guard';
import type { RequestCursor } from '@/lib/usage/request-cursor';
import type { ServiceContext } from '../context';

export async function listRequests(
  ctx: ServiceContext,
  { projectId, filters, before }: { projectId: string; filters: RequestFilters; before: RequestCursor | null },
) {
  assertCan(ctx.actor, 'dashboards:read');
  return listRequestRows(ctx.db, { projectId, filters, before });
}
