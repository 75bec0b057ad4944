import 'server-only';
/** The usage explorer's table and chart for a URL state, in the organisation's zone. */
import { loadExplorer as loadExplorerData, type ProjectRef } from '@/db/queries/explorer';
import { assertCan } from '@/lib/auth/guard';
import type { ExplorerState } from '@/lib/usage/explorer-state';
import type { ServiceContext } from '../context';

export async function loadExplorer(
  ctx: ServiceContext,
  { state, timeZone, projects }: { state: ExplorerState; timeZone: string; projects: readonly ProjectRef[] },
) {
  assertCan(ctx.actor, 'dashboards:read');
  return loadExplorerData(ctx.db, state, { timeZone, projects, now: ctx.now });
}
