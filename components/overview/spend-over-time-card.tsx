import Link from 'next/link';
import { SpendOverTimeChart } from '@/components/charts/spend-over-time';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listDailySpend, SPEND_DIMENSIONS, type SpendDimension } from '@/db/queries/spend';
import { pivotByDay, utcDays } from '@/lib/charts/pivot';
import { formatMicros } from '@/lib/format';

const DAYS = 30;

/** One widget: its own data, loaded inside its own Suspense boundary on the Overview. */
export async function SpendOverTimeCard({ by }: { by: SpendDimension }) {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (DAYS - 1)));
  const data = await listDailySpend(await getDb(), { from, by });
  const { keys, rows, totals } = pivotByDay(data, utcDays(from, now));
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  return (
    <Card
      title={`Spend over the last ${DAYS} days: ${formatMicros(total)}`}
      description="Priced requests per UTC day, stacked."
      actions={
        <nav aria-label="Stack by" className="flex gap-1 text-sm">
          {SPEND_DIMENSIONS.map((d) => (
            <Link
              key={d}
              href={`/?by=${d}`}
              aria-current={d === by ? 'true' : undefined}
              className={`rounded px-2 py-1 ${d === by ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}
            >
              by {d}
            </Link>
          ))}
        </nav>
      }
    >
      <div data-testid="spend-chart-total" data-micros={total} hidden />
      {total === 0 ? <p className="text-sm text-slate-600">No priced requests in this period.</p> : <SpendOverTimeChart rows={rows} keys={keys} />}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-600">Table of these figures</summary>
        <table className="mt-2 w-full text-left" data-testid="spend-table">
          <caption className="sr-only">{`Spend by ${by}, last ${DAYS} days`}</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 capitalize">{by}</th>
              <th className="py-1 text-right">Spend</th>
              <th className="py-1 text-right">Share</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((k) => (
              <tr key={k}>
                <td className="py-1">{k}</td>
                <td className="py-1 text-right tabular-nums" data-micros={totals.get(k)}>
                  {formatMicros(totals.get(k) ?? 0)}
                </td>
                <td className="py-1 text-right tabular-nums">{total > 0 ? `${(((totals.get(k) ?? 0) / total) * 100).toFixed(1)} %` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Card>
  );
}

export function SpendOverTimeSkeleton() {
  return (
    <Card title="Spend over the last 30 days">
      <div className="h-72 animate-pulse rounded bg-slate-100" aria-label="Loading the chart" />
    </Card>
  );
}
