import 'server-only';
/** The savings report as CSV: exactly the tables the page shows (lib/savings/figures.ts), headed by its inputs. */
import { reportCsv, reportTables } from '@/lib/savings/figures';
import { savingsSearch } from '@/lib/savings/report-input';
import { changeLabel, reportHeading } from '@/lib/savings/report-heading';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';
import { getSavingsReport } from './get-savings-report';

export async function exportSavingsCsv(ctx: ServiceContext, input: unknown): Promise<{ filename: string; csv: string; search: string }> {
  assertCan(ctx.actor, 'dashboards:read');
  const view = await getSavingsReport(ctx, input);
  const csv = reportCsv(reportHeading(view), reportTables(view.report, changeLabel(view)));
  return {
    filename: `savings-${view.input.from}-${view.input.to}-${view.report.baseline.kind}.csv`,
    csv,
    search: savingsSearch(view.input),
  };
}
