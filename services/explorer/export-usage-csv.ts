import 'server-only';
/**
 * The usage explorer's table as CSV: the same URL state gives the same rows in the same order, and a file
 * name saying what it holds. A URL the explorer would flag (lib/usage/url-problems.ts) is refused, never
 * exported as the defaults it fell back to.
 */
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { formatCalendarDate } from '@/lib/time/zoned';
import { groupLabel, parseExplorerState } from '@/lib/usage/explorer-state';
import { explorerCsv } from '@/lib/usage/explorer-table';
import { explorerProblems } from '@/lib/usage/url-problems';
import type { ServiceContext } from '../context';
import { getDashboardContext } from '../dashboard/get-dashboard-context';
import { loadExplorer } from './load-explorer';

export async function exportUsageCsv(ctx: ServiceContext, { params }: { params: Record<string, string[]> }) {
  assertCan(ctx.actor, 'dashboards:read');
  const state = parseExplorerState(params);
  const context = await getDashboardContext(ctx);
  const problems = explorerProblems(params, context.projects);
  if (problems.length > 0) {
    const fields: Record<string, string[]> = {};
    for (const p of problems) (fields[p.field] ??= []).push(p.message);
    throw new AppError('bad_request:api', problems.map((p) => p.message).join(' '), { fields });
  }
  const data = await loadExplorer(ctx, { state, ...context });
  const slug = groupLabel(state.group)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const { firstDay, lastDay } = data.period;
  const filename = `switchyard-usage-by-${slug}-${formatCalendarDate(firstDay)}-to-${formatCalendarDate(lastDay)}.csv`;
  return { filename, csv: explorerCsv(groupLabel(state.group), data.table) };
}
