/** The usage explorer's table as CSV: the same URL state, the same rows in the same order. Any person who reads dashboards. */
import { route } from '@/server/http/route';
import { exportUsageCsv } from '@/services/explorer/export-usage-csv';

export const dynamic = 'force-dynamic';

export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const params: Record<string, string[]> = {};
  for (const [k, v] of new URL(req.url).searchParams) (params[k] ??= []).push(v);
  const { filename, csv } = await exportUsageCsv(ctx, { params });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
