import 'server-only';
/** One Overview widget's figures (db/queries/dashboard-widgets.ts), for anyone who can read dashboards. */
import { cacheHitOverTime } from '@/db/queries/dashboard-widgets';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '../context';

export async function getCacheHitOverTime(ctx: ServiceContext, { scope }: { scope: DashboardScope }) {
  assertCan(ctx.actor, 'dashboards:read');
  return cacheHitOverTime(ctx.db, scope);
}
