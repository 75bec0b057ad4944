import { TimeLineChart } from '@/components/charts/line-chart';
import { Money } from '@/components/ui/figures';
import { Card } from '@/components/ui/card';
import { formatInteger, formatShare } from '@/lib/format';
import { bucketKeys } from '@/lib/time/buckets';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getCacheHitOverTime } from '@/services/dashboard/get-cache-hit-over-time';
import { getCostPerRequestByMode } from '@/services/dashboard/get-cost-per-request-by-mode';
import { getCostPerSessionOverTime } from '@/services/dashboard/get-cost-per-session-over-time';

const byBucket = <T extends { bucket: string }>(points: readonly T[]) => new Map(points.map((p) => [p.bucket, p]));

/** Cache-read tokens over input tokens per time bucket. */
export async function CacheHitCard({ ctx, scope }: { ctx: ServiceContext; scope: DashboardScope }) {
  const { granularity, points } = await getCacheHitOverTime(ctx, { scope });
  const part = points.reduce((a, p) => a + p.part, 0);
  const whole = points.reduce((a, p) => a + p.whole, 0);
  const at = byBucket(points);
  const rows = bucketKeys(scope.period, granularity, scope.timeZone).map((bucket) => {
    const p = at.get(bucket);
    return { bucket, 'cache hit': p && p.whole > 0 ? p.part / p.whole : null };
  });
  return (
    <Card title="Cache-hit rate" description={`Input tokens read from the prompt cache, per ${granularity} (${scope.timeZone}).`}>
      <div data-testid="cache-hit-widget" data-part={part} data-whole={whole}>
        <p className="text-2xl font-semibold tabular-nums" data-testid="cache-hit-rate">
          {formatShare(part, whole)}
        </p>
        {whole === 0 ? (
          <p className="text-sm text-slate-600">No input tokens in this period.</p>
        ) : (
          <TimeLineChart
            rows={rows}
            keys={['cache hit']}
            unit="fraction"
            granularity={granularity}
            timeZone={scope.timeZone}
            label={`Cache-hit rate per ${granularity}`}
            height="h-44"
          />
        )}
      </div>
    </Card>
  );
}

/** The cost of the sessions begun in each time bucket, over their count. */
export async function CostPerSessionCard({ ctx, scope }: { ctx: ServiceContext; scope: DashboardScope }) {
  const { granularity, points } = await getCostPerSessionOverTime(ctx, { scope });
  const cost = points.reduce((a, p) => a + p.part, 0);
  const sessions = points.reduce((a, p) => a + p.whole, 0);
  const unpriced = points.reduce((a, p) => a + p.unpricedSessions, 0);
  const at = byBucket(points);
  const rows = bucketKeys(scope.period, granularity, scope.timeZone).map((bucket) => {
    const p = at.get(bucket);
    return { bucket, 'per session': p && p.whole > 0 ? Math.round(p.part / p.whole) : null };
  });
  return (
    <Card title="Cost per session" description={`Sessions by the ${granularity} they began in (${scope.timeZone}), their whole cost.`}>
      <div data-testid="cost-per-session-widget" data-sessions={sessions}>
        <p className="text-2xl font-semibold tabular-nums">
          {sessions > 0 ? <Money micros={Math.round(cost / sessions)} testId="cost-per-session" /> : '—'}
        </p>
        <p className="text-xs text-slate-500">
          {formatInteger(sessions)} sessions
          {unpriced > 0 ? `, ${formatInteger(unpriced)} with unpriced requests (counted at their priced part)` : ''}
        </p>
        {sessions === 0 ? (
          <p className="text-sm text-slate-600">No session began in this period.</p>
        ) : (
          <TimeLineChart
            rows={rows}
            keys={['per session']}
            unit="micros"
            granularity={granularity}
            timeZone={scope.timeZone}
            label={`Cost per session per ${granularity}`}
            height="h-44"
          />
        )}
      </div>
    </Card>
  );
}

/** Cost per priced request by mode: over the period (table) and per time bucket (lines). */
export async function CostPerRequestByModeCard({ ctx, scope }: { ctx: ServiceContext; scope: DashboardScope }) {
  const { granularity, modes } = await getCostPerRequestByMode(ctx, { scope });
  const shown = modes.slice(0, 6);
  const rows = bucketKeys(scope.period, granularity, scope.timeZone).map((bucket) => ({
    bucket,
    ...Object.fromEntries(
      shown.map((m) => {
        const p = m.points.find((x) => x.bucket === bucket);
        return [m.mode, p && p.pricedRequests > 0 ? Math.round(p.costMicros / p.pricedRequests) : null];
      }),
    ),
  }));
  return (
    <Card title="Cost per request by mode" description={`Priced requests only, per ${granularity} (${scope.timeZone}).`}>
      <div data-testid="cost-per-request-widget">
        {modes.length === 0 ? (
          <p className="text-sm text-slate-600">No requests in this period.</p>
        ) : (
          <TimeLineChart
            rows={rows}
            keys={shown.map((m) => m.mode)}
            unit="micros"
            granularity={granularity}
            timeZone={scope.timeZone}
            label={`Cost per request per ${granularity} by mode; the table has the figures`}
          />
        )}
        <table className="mt-3 w-full text-left text-sm" data-testid="cost-per-request-table">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1">Mode</th>
              <th className="py-1 text-right">Priced requests</th>
              <th className="py-1 text-right">Spend</th>
              <th className="py-1 text-right">Per request</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {modes.map((m) => (
              <tr key={m.mode}>
                <td className="py-1">{m.mode}</td>
                <td className="py-1 text-right tabular-nums">{formatInteger(m.pricedRequests)}</td>
                <td className="py-1 text-right tabular-nums">
                  <Money micros={m.costMicros} />
                </td>
                <td className="py-1 text-right tabular-nums">
                  {m.pricedRequests > 0 ? <Money micros={Math.round(m.costMicros / m.pricedRequests)} /> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
