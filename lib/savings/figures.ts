/**
 * The figures a savings report shows, as tables of display strings: the page, the CSV export and the PDF all
 * render these same tables, so the CSV holds exactly the figures on the page. Money: lib/format.ts only.
 */
import type { Interval } from '@/lib/stats/intervals';
import { formatInteger, formatMicros, formatShare } from '@/lib/format';
import type { AverageCost, SavingsCell, SavingsReport } from './report';

export interface FigureTable {
  id: 'totals' | 'months' | 'modes' | 'tiers' | 'projects' | 'quality' | 'change';
  title: string;
  columns: string[];
  rows: string[][];
}

const CELL_COLUMNS = ['Requests', 'Actual', 'Baseline', 'Routing savings', 'Caching savings', 'Total savings', 'Savings %', 'Unpriced'];

/** Savings as a share of what the baseline would have cost without prompt caching (baseline + caching). */
export function savingsShare(c: SavingsCell): string {
  return formatShare(c.totalMicros, c.baselineMicros + c.cachingMicros);
}

const cellFigures = (c: SavingsCell): string[] => [
  formatInteger(c.requests),
  formatMicros(c.actualMicros),
  formatMicros(c.baselineMicros),
  formatMicros(c.routingMicros),
  formatMicros(c.cachingMicros),
  formatMicros(c.totalMicros),
  savingsShare(c),
  formatInteger(c.unpricedRequests),
];

const none = (key: string | null) => (key === null || key === '' ? '(none)' : key);

const percentInterval = (i: Interval | null, digits = 1): string =>
  i === null
    ? 'no evidence'
    : `${(i.estimate * 100).toFixed(digits)} % (${(i.low * 100).toFixed(digits)}–${(i.high * 100).toFixed(digits)})`;

const pointsInterval = (i: Interval | null): string =>
  i === null
    ? 'no evidence'
    : `${i.estimate >= 0 ? '+' : ''}${(i.estimate * 100).toFixed(1)} pts (${(i.low * 100).toFixed(1)} to ${(i.high * 100).toFixed(1)})`;

export function reportTables(report: SavingsReport, change: { version: number; at: string } | null): FigureTable[] {
  const q = report.quality.success;
  const tables: FigureTable[] = [
    { id: 'totals', title: `Totals against ${report.baseline.label}`, columns: CELL_COLUMNS, rows: [cellFigures(report.totals)] },
    { id: 'months', title: 'By month', columns: ['Month', ...CELL_COLUMNS], rows: report.byMonth.map((c) => [c.key, ...cellFigures(c)]) },
    {
      id: 'modes',
      title: 'By mode, with the success-rate change (actual − baseline) beside it',
      columns: ['Mode', ...CELL_COLUMNS, 'Success rate change'],
      rows: report.byMode.map((c) => [
        none(c.key),
        ...cellFigures(c),
        pointsInterval(report.qualityByMode.find((m) => m.mode === c.key)?.success.difference ?? null),
      ]),
    },
    { id: 'tiers', title: 'By tier', columns: ['Tier', ...CELL_COLUMNS], rows: report.byTier.map((c) => [none(c.key), ...cellFigures(c)]) },
    {
      id: 'projects',
      title: 'By project',
      columns: ['Project', ...CELL_COLUMNS],
      rows: report.byProject.map((c) => [none(c.key), ...cellFigures(c)]),
    },
    {
      id: 'quality',
      title: `Outcome success rate (${Math.round(q.confidence * 100)} % intervals)`,
      columns: ['Traffic', 'Success rate', 'Requests with evidence', 'Requests without evidence'],
      rows: [
        [
          'Baseline (estimated)',
          percentInterval(q.reference.estimate),
          formatInteger(q.reference.requestsWithEvidence),
          formatInteger(q.reference.noEvidenceRequests),
        ],
        [
          'Actual',
          percentInterval(q.candidate.estimate),
          formatInteger(q.candidate.requestsWithEvidence),
          formatInteger(q.candidate.noEvidenceRequests),
        ],
        ['Change (actual − baseline)', pointsInterval(q.paired.difference), formatInteger(q.paired.requests), ''],
      ],
    },
  ];
  if (report.change && change) {
    const { before, after } = report.change;
    const side = (name: string, a: AverageCost) => [
      name,
      formatInteger(a.requests),
      formatMicros(a.actualPerRequestMicros),
      formatInteger(a.covered),
      formatMicros(a.coveredActualPerRequestMicros),
      formatMicros(a.baselinePerRequestMicros),
    ];
    tables.push({
      id: 'change',
      title: `Average cost per request before and after routing version ${change.version} (${change.at})`,
      columns: [
        'Period',
        'Requests',
        'Actual per request',
        'Covered by the baseline',
        'Actual per covered request',
        'Baseline per covered request',
      ],
      rows: [side('Before', before), side('After', after)],
    });
  }
  return tables;
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The tables as one CSV: a heading line per table (its title), its columns, its rows, a blank line between. */
export function reportCsv(heading: string[], tables: readonly FigureTable[]): string {
  const lines: string[] = heading.map(csvCell);
  for (const t of tables) {
    lines.push('', csvCell(t.title), t.columns.map(csvCell).join(','));
    for (const r of t.rows) lines.push(r.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
