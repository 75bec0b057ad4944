import { route } from '@/server/http/route';
import { listGateways } from '@/services/routing/list-gateways';

export const dynamic = 'force-dynamic';

export const GET = route({ person: 'dashboards:read' }, async (_req, ctx) => Response.json(await listGateways(ctx)));
