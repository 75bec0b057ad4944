import 'server-only';
/** Mode × task × model, most expensive first, and how many the widget shows. */
import { TOP_DRIVERS, topCostDrivers } from '@/db/queries/overview';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '../context';

export async function getTopCostDrivers(ctx: ServiceContext, { scope }: { scope: DashboardScope }) {
  assertCan(ctx.actor, 'dashboards:read');
  return { rows: await topCostDrivers(ctx.db, scope), limit: TOP_DRIVERS };
}
