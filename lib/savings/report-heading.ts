/** What every savings export carries above its tables (CSV, PDF, e-mail): pure, from the report's view. */
import type { SavingsReport } from '@/lib/savings/report';
import type { SavingsInput } from '@/lib/savings/report-input';
import { formatInteger } from '@/lib/format';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';

export interface ReportHeadingView {
  input: SavingsInput;
  timeZone: string;
  report: SavingsReport;
  notes: string[];
  change: { version: number; at: Date } | null;
}

/** The heading lines every export carries: the baseline named, the period, the assumptions and notes. */
export function reportHeading(view: ReportHeadingView): string[] {
  const r = view.report;
  const projects = view.input.projects.length > 0 ? `projects ${view.input.projects.join(' ')}` : 'every project';
  return [
    `Savings against ${r.baseline.label}`,
    `Period ${view.input.from} to ${view.input.to} (${view.timeZone}), ${projects}`,
    `Requests ${formatInteger(r.coverage.requests)}: ${formatInteger(r.coverage.covered)} covered by the baseline, ` +
      `${formatInteger(r.coverage.notCovered)} not covered${
        r.baseline.kind === 'requested' && r.coverage.notCovered > 0
          ? ' (they asked for auto or a switchyard/<tier> alias, so no model was requested: routing chose it;' +
            ' an earlier routing version or a tier as the baseline covers them)'
          : ''
      }`,
    `Assumptions: cache ${r.assumptions.cache}, output ${r.assumptions.output}, budgets ${r.assumptions.budgets}`,
    ...view.notes.map((n) => `Note: ${n}`),
  ];
}

/** The routing change the before/after figures split at, as a local date. */
export const changeLabel = (view: Pick<ReportHeadingView, 'change' | 'timeZone'>) =>
  view.change ? { version: view.change.version, at: formatCalendarDate(localDate(view.change.at, view.timeZone)) } : null;
