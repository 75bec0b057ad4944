import 'server-only';
/** The usage explorer's table and chart for a URL state, in the organisation's zone; filter values match without regard to case. */
import { explorerQuery, loadExplorer as loadExplorerData, type ProjectRef } from '@/db/queries/explorer';
import { assertCan } from '@/lib/auth/guard';
import { formatCalendarDate } from '@/lib/time/zoned';
import type { ExplorerState } from '@/lib/usage/explorer-state';
import type { ServiceContext } from '../context';
import { resolveFilterValues } from './resolve-filter-values';

export async function loadExplorer(
  ctx: ServiceContext,
  { state, timeZone, projects }: { state: ExplorerState; timeZone: string; projects: readonly ProjectRef[] },
) {
  assertCan(ctx.actor, 'dashboards:read');
  const context = { timeZone, projects, now: ctx.now };
  const { period, query } = explorerQuery(state, context);
  const window = {
    fromDay: formatCalendarDate(period.firstDay),
    toDay: formatCalendarDate(period.lastDay),
    from: period.from,
    to: period.to,
    projectIds: query.filter.projectIds,
  };
  const resolved = await resolveFilterValues(ctx, { values: state.values, tags: state.tags, window });
  return loadExplorerData(ctx.db, { ...state, ...resolved }, context);
}
