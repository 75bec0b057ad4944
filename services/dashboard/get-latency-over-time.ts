import 'server-only';
/** One Overview widget's figures (db/queries/dashboard-widgets.ts), for anyone who can read dashboards. */
import { latencyOverTime } from '@/db/queries/dashboard-widgets';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '../context';

export async function getLatencyOverTime(ctx: ServiceContext, { scope, by }: { scope: DashboardScope; by: 'model' | 'provider' }) {
  assertCan(ctx.actor, 'dashboards:read');
  return latencyOverTime(ctx.db, scope, by);
}
