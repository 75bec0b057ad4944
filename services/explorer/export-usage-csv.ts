import 'server-only';
/** The usage explorer's table as CSV: the same URL state gives the same rows in the same order, and a file name saying what it holds. */
import { loadExplorer } from '@/db/queries/explorer';
import { assertCan } from '@/lib/auth/guard';
import { formatCalendarDate } from '@/lib/time/zoned';
import { groupLabel, parseExplorerState } from '@/lib/usage/explorer-state';
import { explorerCsv } from '@/lib/usage/explorer-table';
import type { ServiceContext } from '../context';
import { getDashboardContext } from '../dashboard/get-dashboard-context';

export async function exportUsageCsv(ctx: ServiceContext, { params }: { params: Record<string, string[]> }) {
  assertCan(ctx.actor, 'dashboards:read');
  const state = parseExplorerState(params);
  const context = await getDashboardContext(ctx);
  const data = await loadExplorer(ctx.db, state, { ...context, now: ctx.now });
  const slug = groupLabel(state.group)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const { firstDay, lastDay } = data.period;
  const filename = `switchyard-usage-by-${slug}-${formatCalendarDate(firstDay)}-to-${formatCalendarDate(lastDay)}.csv`;
  return { filename, csv: explorerCsv(groupLabel(state.group), data.table) };
}
