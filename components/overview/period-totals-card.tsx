import { formatInteger, formatMicros, formatPercent, formatWholeShare } from '@/lib/format';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import { percentChange } from '@/lib/usage/projection';
import type { ServiceContext } from '@/services/context';
import { getPeriodTotals } from '@/services/dashboard/get-period-totals';
import { Stat } from './stat';

/** Spend vs the previous period, requests, cost per request, tokens, cache savings. */
export async function PeriodTotalsCards({ ctx, scope }: { ctx: ServiceContext; scope: DashboardScope }) {
  const { current, previous, previousLabel } = await getPeriodTotals(ctx, { scope });
  const change = percentChange(current.costMicros, previous.costMicros);
  const tokens = current.inputTokens + current.outputTokens;
  const fromCache = formatWholeShare(current.cacheReadTokens, current.inputTokens, '0 %');
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-5" data-testid="usage-summary">
        <Stat
          label="Spend"
          value={formatMicros(current.costMicros)}
          testId="total-spend"
          micros={current.costMicros}
          note={
            change === null
              ? `nothing in the ${previousLabel}`
              : `${change >= 0 ? '▲' : '▼'} ${formatPercent(Math.abs(change))} vs ${previousLabel} (${formatMicros(previous.costMicros)})`
          }
          noteTone={change === null ? 'neutral' : change > 0 ? 'up' : 'down'}
        />
        <Stat
          label="Requests"
          value={formatInteger(current.requests)}
          testId="total-requests"
          note={`${formatInteger(previous.requests)} in the ${previousLabel}`}
        />
        <Stat
          label="Average cost per request"
          value={
            current.requests - current.unpricedRequests > 0
              ? formatMicros(Math.round(current.costMicros / (current.requests - current.unpricedRequests)))
              : '—'
          }
          note="priced requests"
        />
        <Stat
          label="Tokens"
          value={formatInteger(tokens)}
          note={`${formatInteger(current.inputTokens)} in (${fromCache} from cache) · ${formatInteger(current.outputTokens)} out`}
        />
        <Stat
          label="Saved by prompt caching"
          value={formatMicros(current.cacheSavingsMicros)}
          note="cached tokens at the input price, minus what they cost"
        />
      </div>
    </div>
  );
}
