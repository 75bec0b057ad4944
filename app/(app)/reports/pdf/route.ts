/** The savings report as a PDF rendered on the server (no browser): the page's URL inputs, its charts and tables. */
import { renderToBuffer } from '@react-pdf/renderer';
import { createElement } from 'react';
import { SavingsReportPdf } from '@/components/savings/report-pdf';
import { reportTables } from '@/lib/savings/figures';
import { savingsInputFromParams } from '@/lib/savings/report-input';
import { route } from '@/server/http/route';
import { changeLabel, reportHeading } from '@/lib/savings/report-heading';
import { getSavingsReport } from '@/services/savings/get-savings-report';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const view = await getSavingsReport(ctx, savingsInputFromParams(new URL(req.url).searchParams));
  const r = view.report;
  const pdf = await renderToBuffer(
    createElement(SavingsReportPdf, {
      title: `Switchyard savings report ${view.input.from} to ${view.input.to}`,
      heading: reportHeading(view),
      months: r.byMonth.map((m) => ({
        month: m.key,
        actualMicros: m.actualMicros,
        baselineMicros: m.baselineMicros,
        savingsMicros: m.totalMicros,
      })),
      tables: reportTables(r, changeLabel(view)),
    }) as Parameters<typeof renderToBuffer>[0],
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="savings-${view.input.from}-${view.input.to}-${r.baseline.kind}.pdf"`,
      'cache-control': 'no-store',
    },
  });
});
