import 'server-only';
/** Tag keys seen in the last 30 days, for grouping and filtering by tag. */
import { listRecentTagKeys as listTagKeyRows } from '@/db/queries/tag-keys';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listRecentTagKeys(ctx: ServiceContext): Promise<string[]> {
  assertCan(ctx.actor, 'dashboards:read');
  return listTagKeyRows(ctx.db, { now: ctx.now });
}
