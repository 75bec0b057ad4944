import { getDb } from '@/db/client';
import { periodTotals, type DashboardScope } from '@/db/queries/overview';
import { formatInteger, formatMicros } from '@/lib/format';
import { percentChange } from '@/lib/usage/projection';
import { Stat } from './stat';

/** Spend vs the previous period, requests, cost per request, tokens, cache savings. */
export async function PeriodTotalsCards({ scope }: { scope: DashboardScope }) {
  const { current, previous, previousLabel } = await periodTotals(await getDb(), scope);
  const change = percentChange(current.costMicros, previous.costMicros);
  const tokens = current.inputTokens + current.outputTokens;
  const cachePercent = current.inputTokens > 0 ? Math.round((current.cacheReadTokens / current.inputTokens) * 100) : 0;
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
              : `${change >= 0 ? '▲' : '▼'} ${Math.abs(change).toFixed(1)} % vs ${previousLabel} (${formatMicros(previous.costMicros)})`
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
          note={`${formatInteger(current.inputTokens)} in (${cachePercent} % from cache) · ${formatInteger(current.outputTokens)} out`}
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
