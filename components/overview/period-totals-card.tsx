import { Money, Tokens } from '@/components/ui/figures';
import { formatInteger, formatPercent, formatWholeShare } from '@/lib/format';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import { percentChange } from '@/lib/usage/projection';
import type { ServiceContext } from '@/services/context';
import { getPeriodTotals } from '@/services/dashboard/get-period-totals';
import { Stat } from './stat';

/**
 * Spend vs what the period is compared with (the same hours of yesterday for today), requests, cost per
 * request, tokens, cache savings. Each card opens the explorer on the same period and projects
 * (`explorerBase`: its query string), as the page's subtitle promises.
 */
export async function PeriodTotalsCards({
  ctx,
  scope,
  explorerBase,
}: {
  ctx: ServiceContext;
  scope: DashboardScope;
  explorerBase: string;
}) {
  const { current, previous, previousLabel } = await getPeriodTotals(ctx, { scope });
  const change = percentChange(current.costMicros, previous.costMicros);
  const tokens = current.inputTokens + current.outputTokens;
  const fromCache = formatWholeShare(current.cacheReadTokens, current.inputTokens, '0 %');
  const priced = current.requests - current.unpricedRequests;
  const explorer = (group: string) => `/usage?${new URLSearchParams([...new URLSearchParams(explorerBase), ['group', group]])}`;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-5" data-testid="usage-summary">
        <Stat
          label="Spend"
          value={<Money micros={current.costMicros} />}
          testId="total-spend"
          micros={current.costMicros}
          href={explorer('mode')}
          note={
            <span data-testid="spend-comparison">
              {change === null ? (
                `nothing in the ${previousLabel}`
              ) : (
                <>
                  {`${change >= 0 ? '▲' : '▼'} ${formatPercent(Math.abs(change))} vs ${previousLabel} (`}
                  <Money micros={previous.costMicros} />)
                </>
              )}
            </span>
          }
          noteTone={change === null ? 'neutral' : change > 0 ? 'up' : 'down'}
        />
        <Stat
          label="Requests"
          value={formatInteger(current.requests)}
          testId="total-requests"
          href={explorer('mode')}
          note={`${formatInteger(previous.requests)} in the ${previousLabel}`}
        />
        <Stat
          label="Average cost per request"
          value={priced > 0 ? <Money micros={Math.round(current.costMicros / priced)} /> : '—'}
          href={explorer('mode')}
          note="priced requests"
        />
        <Stat
          label="Tokens"
          value={<Tokens count={tokens} testId="total-tokens" />}
          href={explorer('model')}
          note={
            <>
              <Tokens count={current.inputTokens} /> in ({fromCache} from cache) · <Tokens count={current.outputTokens} /> out
            </>
          }
        />
        <Stat
          label="Saved by prompt caching"
          value={<Money micros={current.cacheSavingsMicros} />}
          href={explorer('model')}
          note="cached tokens at the input price, minus what they cost"
        />
      </div>
    </div>
  );
}
