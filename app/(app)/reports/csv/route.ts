/** The savings report as CSV: the page's URL inputs, exactly the page's figures. Any person who reads dashboards. */
import { savingsInputFromParams } from '@/lib/savings/report-input';
import { route } from '@/server/http/route';
import { exportSavingsCsv } from '@/services/savings/export-savings-csv';

export const dynamic = 'force-dynamic';

export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const { filename, csv } = await exportSavingsCsv(ctx, savingsInputFromParams(new URL(req.url).searchParams));
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
