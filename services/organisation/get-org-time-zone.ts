import 'server-only';
/** The zone every dashboard buckets in; every signed-in person reads it. */
import { getOrgTimeZone as readOrgTimeZone } from '@/db/queries/org-settings';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function getOrgTimeZone(ctx: ServiceContext): Promise<string> {
  assertCan(ctx.actor, 'dashboards:read');
  return readOrgTimeZone(ctx.db);
}
