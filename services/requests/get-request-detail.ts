import 'server-only';
/** One request as stored, with the price table today's configuration applies to it (for the cost-by-class breakdown). */
import { getPricer } from '@/db/queries/pricing-config';
import { getRequestByKey } from '@/db/queries/requests';
import type { UsageEvent } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { Pricer } from '@/lib/pricing/pricer';
import type { RequestCursor } from '@/lib/usage/request-cursor';
import type { ServiceContext } from '../context';

export interface RequestDetail {
  event: UsageEvent;
  priced: ReturnType<Pricer['priceTableAt']>;
}

export async function getRequestDetail(
  ctx: ServiceContext,
  { projectId, cursor }: { projectId: string; cursor: RequestCursor },
): Promise<RequestDetail | undefined> {
  assertCan(ctx.actor, 'dashboards:read');
  const [event, pricer] = await Promise.all([getRequestByKey(ctx.db, { projectId, ...cursor }), getPricer(ctx.db)]);
  return event ? { event, priced: pricer.priceTableAt(event.provider, event.model, event.occurredAt) } : undefined;
}
