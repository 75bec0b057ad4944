/**
 * The savings report's body on the Reports page: the baseline named above every figure, the notes and
 * assumptions, a bar chart of actual against baseline by month, and the tables (lib/savings/figures.ts) —
 * the same tables the CSV and the PDF hold. Server-rendered: no figure is computed in the browser.
 */
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { formatAxisDollars, formatMicros } from '@/lib/format';
import type { FigureTable } from '@/lib/savings/figures';

export interface MonthFigure {
  month: string;
  actualMicros: number;
  baselineMicros: number;
}

function MonthChart({ months }: { months: readonly MonthFigure[] }) {
  const max = Math.max(1, ...months.map((m) => Math.max(m.actualMicros, m.baselineMicros)));
  const w = 640;
  const h = 160;
  const slot = (w - 50) / Math.max(1, months.length);
  const bar = Math.max(4, Math.min(28, slot / 3));
  const y = (v: number) => h - 20 - (Math.max(0, v) / max) * (h - 30);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className="w-full max-w-3xl" role="img" aria-label="Actual and baseline cost by month">
      <line x1={50} y1={h - 20} x2={w} y2={h - 20} stroke="#94a3b8" />
      <text x={0} y={12} fontSize={10} fill="#475569">
        {formatAxisDollars(max)}
      </text>
      {months.map((m, i) => {
        const x = 50 + i * slot + slot / 2 - bar;
        return (
          <g key={m.month}>
            <rect x={x} y={y(m.baselineMicros)} width={bar} height={h - 20 - y(m.baselineMicros)} fill="#94a3b8">
              <title>{`${m.month} baseline ${formatMicros(m.baselineMicros)}`}</title>
            </rect>
            <rect x={x + bar} y={y(m.actualMicros)} width={bar} height={h - 20 - y(m.actualMicros)} fill="#2563eb">
              <title>{`${m.month} actual ${formatMicros(m.actualMicros)}`}</title>
            </rect>
            <text x={x - 6} y={h - 6} fontSize={10} fill="#475569">
              {m.month}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function FigureTableView({ table }: { table: FigureTable }) {
  return (
    <Card title={table.title}>
      <div data-testid={`savings-table-${table.id}`}>
        <Table caption={table.title}>
          <thead>
            <tr>
              {table.columns.map((c, j) => (
                <Th key={c} className={j > 0 ? 'text-right' : ''}>
                  {c}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.rows.map((r) => (
              <tr key={`${table.id}-${r[0]}`}>
                {r.map((c, j) => (
                  // Figures right-aligned to compare down a column; an estimate with its interval may wrap.
                  <Td key={table.columns[j]} className={j > 0 ? 'text-right tabular-nums' : ''}>
                    {c.includes(' (') ? <span className="inline-block min-w-[7rem] whitespace-normal">{c}</span> : c}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </Card>
  );
}

export function SavingsReportView({
  label,
  heading,
  months,
  tables,
  links,
}: {
  label: string;
  heading: readonly string[];
  months: readonly MonthFigure[];
  tables: readonly FigureTable[];
  links: { csv: string; pdf: string; share: string };
}) {
  return (
    <div className="space-y-4" data-testid="savings-report">
      <Card title={`Savings against ${label}`}>
        <div className="space-y-1 px-5 py-3 text-sm text-slate-600">
          {heading.slice(1).map((h) => (
            <p key={h}>{h}</p>
          ))}
          <p className="flex flex-wrap gap-4 pt-2">
            <a className="font-medium text-blue-700 underline" href={links.csv} download data-testid="savings-csv">
              Download CSV
            </a>
            <a className="font-medium text-blue-700 underline" href={links.pdf} download data-testid="savings-pdf">
              Download PDF
            </a>
            <a className="font-medium text-blue-700 underline" href={links.share} data-testid="savings-share">
              Link to this report
            </a>
          </p>
        </div>
      </Card>
      <Card title="Actual and baseline cost by month" description="Grey: the baseline; blue: what was paid.">
        <div className="px-5 py-3">
          <MonthChart months={months} />
        </div>
      </Card>
      {tables.map((t) => (
        <FigureTableView key={t.id} table={t} />
      ))}
    </div>
  );
}
