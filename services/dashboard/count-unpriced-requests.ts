import 'server-only';
/** Requests ever stored without a price, for the Overview's warning. */
import { countUnpricedRequests as countUnpricedRows } from '@/db/queries/usage-events';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function countUnpricedRequests(ctx: ServiceContext): Promise<number> {
  assertCan(ctx.actor, 'dashboards:read');
  return countUnpricedRows(ctx.db);
}
