import 'server-only';
/** The published version with its document, or null when nothing is published yet. */
import { getPublishedRouting as getPublished } from '@/db/queries/routing';
import type { RoutingVersionRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function getPublishedRouting(ctx: ServiceContext): Promise<RoutingVersionRow | null> {
  assertCan(ctx.actor, 'dashboards:read');
  return (await getPublished(ctx.db)) ?? null;
}
