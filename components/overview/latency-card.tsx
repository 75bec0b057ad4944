import Link from 'next/link';
import { TimeLineChart } from '@/components/charts/line-chart';
import { Card } from '@/components/ui/card';
import { formatDuration, formatInteger, formatPercent } from '@/lib/format';
import { bucketKeys } from '@/lib/time/buckets';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getLatencyOverTime } from '@/services/dashboard/get-latency-over-time';

export const LATENCY_BY = ['model', 'provider'] as const;
export type LatencyBy = (typeof LATENCY_BY)[number];

const pct = (r: number | null) => (r === null ? '—' : formatPercent(r * 100, r < 0.1 ? 2 : 1));

/** Latency p50/p95 and error rate per time bucket, by served model or provider (from hourly latency totals). */
export async function LatencyCard({
  ctx,
  scope,
  by,
  hrefFor,
}: {
  ctx: ServiceContext;
  scope: DashboardScope;
  by: LatencyBy;
  hrefFor: Record<LatencyBy, string>;
}) {
  const { granularity, series, all } = await getLatencyOverTime(ctx, { scope, by });
  const buckets = bucketKeys(scope.period, granularity, scope.timeZone);
  const keys = series.map((s) => s.key);
  const wide = (pick: 'p95' | 'errorRate') =>
    buckets.map((bucket) => ({
      bucket,
      ...Object.fromEntries(series.map((s) => [s.key, s.points.find((p) => p.bucket === bucket)?.[pick] ?? null])),
    }));
  return (
    <Card
      title="Latency and errors"
      description={`p50 / p95 latency and error rate per ${granularity} (${scope.timeZone}), by ${by}; from hourly latency totals.`}
      actions={
        <nav aria-label="Latency by" className="flex gap-1 text-sm">
          {LATENCY_BY.map((d) => (
            <Link
              key={d}
              href={hrefFor[d]}
              aria-current={d === by ? 'true' : undefined}
              className={`rounded px-2 py-1 ${d === by ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}
            >
              by {d}
            </Link>
          ))}
        </nav>
      }
    >
      <div data-testid="latency-widget" data-requests={all.requests}>
        {all.requests === 0 ? (
          <p className="text-sm text-slate-600">No requests in this period.</p>
        ) : (
          <>
            <p className="mb-2 text-sm text-slate-600">
              All requests: p50 <span data-testid="latency-p50">{formatDuration(all.p50)}</span> · p95{' '}
              <span data-testid="latency-p95">{formatDuration(all.p95)}</span> · errors{' '}
              <span data-testid="error-rate">{pct(all.errorRate)}</span>
            </p>
            <div className="grid gap-4 lg:grid-cols-2">
              <div>
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500">p95 latency</p>
                <TimeLineChart
                  rows={wide('p95')}
                  keys={keys}
                  unit="ms"
                  granularity={granularity}
                  timeZone={scope.timeZone}
                  label={`p95 latency per ${granularity} by ${by}; the table has the figures`}
                />
              </div>
              <div>
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Error rate</p>
                <TimeLineChart
                  rows={wide('errorRate')}
                  keys={keys}
                  unit="fraction"
                  granularity={granularity}
                  timeZone={scope.timeZone}
                  label={`Error rate per ${granularity} by ${by}; the table has the figures`}
                />
              </div>
            </div>
          </>
        )}
        <table className="mt-3 w-full text-left text-sm" data-testid="latency-table">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 capitalize">{by}</th>
              <th className="py-1 text-right">Requests</th>
              <th className="py-1 text-right">p50</th>
              <th className="py-1 text-right">p95</th>
              <th className="py-1 text-right">Error rate</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {series.map((s) => (
              <tr key={s.key}>
                <td className="py-1 break-all">{s.key || '(none)'}</td>
                <td className="py-1 text-right tabular-nums">{formatInteger(s.requests)}</td>
                <td className="py-1 text-right tabular-nums">{formatDuration(s.p50)}</td>
                <td className="py-1 text-right tabular-nums">{formatDuration(s.p95)}</td>
                <td className="py-1 text-right tabular-nums" title={`${formatInteger(s.errorRequests)} of ${formatInteger(s.requests)}`}>
                  {pct(s.errorRate)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-500">
          Percentiles are read from a fixed log-scale histogram: each is within its bucket (about ±25 %). Errors: any status but ok.
        </p>
      </div>
    </Card>
  );
}
