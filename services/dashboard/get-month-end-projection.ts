import 'server-only';
/** This month (local) so far, projected to its end at the last full week's daily rate. */
import { monthEndProjection, RUN_RATE_DAYS } from '@/db/queries/overview';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '../context';

export async function getMonthEndProjection(ctx: ServiceContext, { scope }: { scope: Omit<DashboardScope, 'period'> }) {
  assertCan(ctx.actor, 'dashboards:read');
  return { ...(await monthEndProjection(ctx.db, scope, ctx.now)), runRateDays: RUN_RATE_DAYS };
}
