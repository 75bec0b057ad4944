import 'server-only';
/** Requests and spend per group for the period, most expensive first (frontier share, routing decisions). */
import { spendBy } from '@/db/queries/overview';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { GroupSpec } from '@/lib/usage/query';
import type { ServiceContext } from '../context';

export async function getSpendBy(ctx: ServiceContext, { scope, groupBy }: { scope: DashboardScope; groupBy: GroupSpec[] }) {
  assertCan(ctx.actor, 'dashboards:read');
  return spendBy(ctx.db, scope, groupBy);
}
