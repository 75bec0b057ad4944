import 'server-only';
/** Whether any usage was ever recorded (the dashboards show first-event help until then). */
import { hasAnyUsage as anyUsageRow } from '@/db/queries/usage-events';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function hasAnyUsage(ctx: ServiceContext): Promise<boolean> {
  assertCan(ctx.actor, 'dashboards:read');
  return anyUsageRow(ctx.db);
}
