import 'server-only';
/** What a filter input offers: the values a dimension or tag key took in the last 90 days (from the rollups). */
import { listDimensionValues as listValueRows, type ValueDimension } from '@/db/queries/dimension-values';
import { assertCan } from '@/lib/auth/guard';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';
import type { ServiceContext } from '../context';

const DAYS = 90;

export async function listDimensionValues(ctx: ServiceContext, { dimension }: { dimension: ValueDimension }): Promise<string[]> {
  assertCan(ctx.actor, 'dashboards:read');
  const from = new Date(ctx.now.getTime() - DAYS * 86_400_000);
  const to = new Date(ctx.now.getTime() + 86_400_000);
  // Days read in UTC: a suggestion list need not follow the organisation's zone to the hour.
  const window = { fromDay: formatCalendarDate(localDate(from, 'UTC')), toDay: formatCalendarDate(localDate(to, 'UTC')), from, to };
  return listValueRows(ctx.db, { dimension, window });
}
