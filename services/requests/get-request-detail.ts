import 'server-only';
/** One request as stored, by project and event id, with the price table today's configuration applies to it (the cost by class). */
import { getPricer } from '@/db/queries/pricing-config';
import { getRequestByEventId } from '@/db/queries/requests';
import type { UsageEvent } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { Pricer } from '@/lib/pricing/pricer';
import type { ServiceContext } from '../context';

export interface RequestDetail {
  event: UsageEvent;
  priced: ReturnType<Pricer['priceTableAt']>;
}

export async function getRequestDetail(
  ctx: ServiceContext,
  { projectId, eventId }: { projectId: string; eventId: string },
): Promise<RequestDetail | undefined> {
  assertCan(ctx.actor, 'dashboards:read');
  const [event, pricer] = await Promise.all([getRequestByEventId(ctx.db, { projectId, eventId }), getPricer(ctx.db)]);
  return event ? { event, priced: pricer.priceTableAt(event.provider, event.model, event.occurredAt) } : undefined;
}
