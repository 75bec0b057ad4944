import 'server-only';
/** The savings report as CSV: exactly the tables the page shows (lib/savings/figures.ts), headed by its inputs. */
import { reportCsv, reportTables } from '@/lib/savings/figures';
import { savingsSearch } from '@/lib/savings/report-input';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';
import type { ServiceContext } from '../context';
import { getSavingsReport, type SavingsReportView } from './get-savings-report';

/** The heading lines every export carries: the baseline named, the period, the assumptions and notes. */
export function reportHeading(view: SavingsReportView): string[] {
  const r = view.report;
  const projects = view.input.projects.length > 0 ? `projects ${view.input.projects.join(' ')}` : 'every project';
  return [
    `Savings against ${r.baseline.label}`,
    `Period ${view.input.from} to ${view.input.to} (${view.timeZone}), ${projects}`,
    `Requests ${r.coverage.requests}, covered by the baseline ${r.coverage.covered}, not covered ${r.coverage.notCovered}`,
    `Assumptions: cache ${r.assumptions.cache}, output ${r.assumptions.output}, budgets ${r.assumptions.budgets}`,
    ...view.notes.map((n) => `Note: ${n}`),
  ];
}

export const changeLabel = (view: SavingsReportView) =>
  view.change ? { version: view.change.version, at: formatCalendarDate(localDate(view.change.at, view.timeZone)) } : null;

export async function exportSavingsCsv(ctx: ServiceContext, input: unknown): Promise<{ filename: string; csv: string; search: string }> {
  const view = await getSavingsReport(ctx, input);
  const csv = reportCsv(reportHeading(view), reportTables(view.report, changeLabel(view)));
  return {
    filename: `savings-${view.input.from}-${view.input.to}-${view.report.baseline.kind}.csv`,
    csv,
    search: savingsSearch(view.input),
  };
}
