import 'server-only';
/** Agent sessions ranked by cost (from the session rollup). */
import { listTopSessions as listSessionRows } from '@/db/queries/sessions';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listTopSessions(ctx: ServiceContext, { from, projectId }: { from: Date | null; projectId?: string }) {
  assertCan(ctx.actor, 'dashboards:read');
  return listSessionRows(ctx.db, { from, projectId });
}
