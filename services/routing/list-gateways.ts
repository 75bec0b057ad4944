import 'server-only';
/**
 * The gateways that pull the routing document (x-switchyard-gateway), with their project, last pull and the version
 * they say they run; `behind` flags one running another version than the published one (or none yet).
 */
import { getPublishedVersionNumber, listRoutingGateways } from '@/db/queries/routing';
import type { RoutingGatewayRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

/** A long-polling gateway pulls at least every 60 s; one silent for longer than this is flagged. */
export const GATEWAY_SILENT_AFTER_MS = 5 * 60_000;

export interface GatewayView extends RoutingGatewayRow {
  projectSlug: string | null;
  behind: boolean;
  silent: boolean;
}

export async function listGateways(ctx: ServiceContext): Promise<{ published: number | null; gateways: GatewayView[] }> {
  assertCan(ctx.actor, 'dashboards:read');
  const [published, gateways] = await Promise.all([getPublishedVersionNumber(ctx.db), listRoutingGateways(ctx.db)]);
  return {
    published,
    gateways: gateways.map((g) => ({
      ...g,
      behind: published !== null && g.runningVersion !== published,
      silent: ctx.now.getTime() - g.lastPullAt.getTime() > GATEWAY_SILENT_AFTER_MS,
    })),
  };
}
