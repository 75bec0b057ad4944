import Link from 'next/link';
import { SpendOverTimeChart } from '@/components/charts/spend-over-time';
import { Card } from '@/components/ui/card';
import { Money } from '@/components/ui/figures';
import { pivotByBucket } from '@/lib/charts/pivot';
import { formatMicros, formatShare } from '@/lib/format';
import { bucketKeys, bucketLabel } from '@/lib/time/buckets';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getSpendOverTime } from '@/services/dashboard/get-spend-over-time';

export const SPEND_STACKS = ['mode', 'tier', 'model'] as const;
export type SpendStack = (typeof SPEND_STACKS)[number];

/** Spend over the period stacked by mode, tier or model, with the same figures as a table. */
export async function SpendOverTimeCard({
  ctx,
  scope,
  by,
  hrefFor,
}: {
  ctx: ServiceContext;
  scope: DashboardScope;
  by: SpendStack;
  hrefFor: Record<SpendStack, string>;
}) {
  const { rows, granularity } = await getSpendOverTime(ctx, { scope, dimension: by });
  const {
    keys,
    rows: data,
    totals,
  } = pivotByBucket(
    rows.map((r) => ({ bucket: r.bucket!, key: r.keys[0] || '(none)', costMicros: r.costMicros })),
    bucketKeys(scope.period, granularity, scope.timeZone),
  );
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  return (
    <Card
      title={`Spend over time: ${formatMicros(total)}`}
      description={`Priced requests per ${granularity} (${scope.timeZone}), stacked by ${by}.`}
      actions={
        <nav aria-label="Stack by" className="flex gap-1 text-sm">
          {SPEND_STACKS.map((d) => (
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
      <div data-testid="spend-chart-total" data-micros={total} hidden />
      {total === 0 ? (
        <p className="text-sm text-slate-600">No priced requests in this period.</p>
      ) : (
        <SpendOverTimeChart rows={data} keys={keys} granularity={granularity} timeZone={scope.timeZone} />
      )}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-600">Table of these figures</summary>
        <table className="mt-2 w-full text-left" data-testid="spend-table">
          <caption className="sr-only">{`Spend by ${by}, ${bucketLabel((data[0]?.bucket as string) ?? '', granularity)} onwards`}</caption>
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
                  <Money micros={totals.get(k) ?? 0} />
                </td>
                <td className="py-1 text-right tabular-nums">{formatShare(totals.get(k) ?? 0, total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Card>
  );
}
