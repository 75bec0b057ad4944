/**
 * The usage explorer's table as CSV: the same URL state, the same rows in the same order. Read access
 * is checked here (a dashboard permission), whatever the middleware did.
 */
import { getDb } from '@/db/client';
import { loadDashboardContext } from '@/db/queries/dashboard-context';
import { loadExplorer } from '@/db/queries/explorer';
import { getCurrentUser } from '@/lib/auth/current-user';
import { assertCan } from '@/lib/auth/guard';
import { errorResponse } from '@/lib/errors';
import { formatCalendarDate } from '@/lib/time/zoned';
import { groupLabel, parseExplorerState } from '@/lib/usage/explorer-state';
import { explorerCsv } from '@/lib/usage/explorer-table';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    assertCan(await getCurrentUser(), 'dashboards:read');
    const params: Record<string, string[]> = {};
    for (const [k, v] of new URL(request.url).searchParams) (params[k] ??= []).push(v);
    const state = parseExplorerState(params);
    const db = await getDb();
    const context = await loadDashboardContext(db);
    const data = await loadExplorer(db, state, { ...context, now: new Date() });
    const slug = groupLabel(state.group)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    const { firstDay, lastDay } = data.period;
    const name = `switchyard-usage-by-${slug}-${formatCalendarDate(firstDay)}-to-${formatCalendarDate(lastDay)}.csv`;
    return new Response(explorerCsv(groupLabel(state.group), data.table), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
