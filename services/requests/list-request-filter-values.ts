import 'server-only';
/** The values the Requests page's selects offer for a project (from the hourly rollup). */
import { listRequestFilterValues as listFilterValueRows } from '@/db/queries/requests';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listRequestFilterValues(ctx: ServiceContext, { projectId }: { projectId: string }) {
  assertCan(ctx.actor, 'dashboards:read');
  return listFilterValueRows(ctx.db, { projectId });
}
