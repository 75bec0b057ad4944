import 'server-only';
/** The Overview's totals for the period and what they are compared with (the same hours of the previous period while this one runs). */
import { periodTotals } from '@/db/queries/overview';
import { assertCan } from '@/lib/auth/guard';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '../context';

export async function getPeriodTotals(ctx: ServiceContext, { scope }: { scope: DashboardScope }) {
  assertCan(ctx.actor, 'dashboards:read');
  return periodTotals(ctx.db, scope, ctx.now);
}
