import 'server-only';
/** Spend per time bucket stacked by mode, tier or model, with the bucket size the period calls for. */
import { chartGranularity, spendOverTime } from '@/db/queries/overview';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '../context';

export async function getSpendOverTime(
  ctx: ServiceContext,
  { scope, dimension }: { scope: DashboardScope; dimension: 'mode' | 'tier' | 'model' },
) {
  assertCan(ctx.actor, 'dashboards:read');
  return { rows: await spendOverTime(ctx.db, scope, dimension), granularity: chartGranularity(scope.period) };
}
