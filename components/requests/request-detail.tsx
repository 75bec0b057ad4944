import { Money } from '@/components/ui/figures';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatDateTime, formatDollarsPerMTok, formatInteger } from '@/lib/format';
import { computeCost } from '@/lib/pricing/cost';
import { isCostMismatch } from '@/lib/pricing/reported-cost';
import type { RequestDetail as Detail } from '@/services/requests/get-request-detail';

/** One request: tokens and cost by class, the price applied and its source, reported vs computed, routing, its session. */
export function RequestDetail({
  detail: { event: e, priced },
  timeZone,
  projectName,
}: {
  detail: Detail;
  timeZone: string;
  projectName: string;
}) {
  const cost = priced ? computeCost(e, priced.table) : null;
  const uncached = e.inputTokens - e.cacheReadTokens - e.cacheWrite5mTokens - e.cacheWrite1hTokens;
  const classes = cost
    ? [
        ['Input (uncached)', uncached, cost.applied.input, cost.picos.input],
        ['Cache read', e.cacheReadTokens, cost.applied.cacheRead, cost.picos.cacheRead],
        ['Cache write 5 min', e.cacheWrite5mTokens, cost.applied.cacheWrite5m, cost.picos.cacheWrite5m],
        ['Cache write 1 h', e.cacheWrite1hTokens, cost.applied.cacheWrite1h, cost.picos.cacheWrite1h],
        ['Output (excl. reasoning)', e.outputTokens - e.reasoningTokens, cost.applied.output, cost.picos.output],
        ['Reasoning', e.reasoningTokens, cost.applied.reasoning, cost.picos.reasoning],
      ]
    : [];
  const source = e.priceSource?.startsWith('custom:')
    ? 'admin price'
    : e.priceSource
      ? `catalog (${e.priceSource.split(':').slice(1).join(':')})`
      : 'no price known';
  return (
    <Card
      title={`Request ${e.eventId}`}
      description={`${projectName} · ${formatDateTime(e.occurredAt, timeZone)} · ${e.provider}/${e.model} · tier ${e.tier}`}
    >
      <div className="space-y-4 text-sm" data-testid="request-detail">
        {cost ? (
          <table className="w-full text-left">
            <caption className="sr-only">Tokens and cost by class</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1">Class</th>
                <th className="py-1 text-right">Tokens</th>
                <th className="py-1 text-right">Price / MTok</th>
                <th className="py-1 text-right">Cost</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {classes.map(([label, tokens, price, picos]) => (
                <tr key={label as string}>
                  <td className="py-1">{label}</td>
                  <td className="py-1 text-right tabular-nums">{formatInteger(tokens as number)}</td>
                  <td className="py-1 text-right tabular-nums">{formatDollarsPerMTok(price as number)}</td>
                  <td className="py-1 text-right tabular-nums" data-testid="class-cost">
                    <Money micros={(picos as number) / 1_000_000} />
                  </td>
                </tr>
              ))}
              <tr className="font-medium">
                <td className="py-1">Total (rounded once to whole micro-dollars)</td>
                <td />
                <td />
                <td className="py-1 text-right tabular-nums" data-testid="breakdown-total">
                  <Money micros={cost.totalMicros} />
                </td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p>
            <Badge tone="amber">unpriced</Badge> No price is known for this model; it is not counted as $0. An admin can add one in Settings
            → Models.
          </p>
        )}
        <dl className="grid grid-cols-[10rem_minmax(0,1fr)] gap-x-4 gap-y-1 break-words">
          <dt className="text-slate-500">Stored cost</dt>
          <dd data-testid="stored-cost">{e.costMicros === null ? 'unpriced' : <Money micros={e.costMicros} />}</dd>
          <dt className="text-slate-500">Price source</dt>
          <dd>{source}</dd>
          <dt className="text-slate-500">Reported by the sender</dt>
          <dd>
            {e.reportedCostMicros === null ? '—' : <Money micros={e.reportedCostMicros} />}
            {isCostMismatch(e.reportedCostMicros, e.costMicros) ? (
              <span className="ml-2">
                <Badge tone="red">differs from computed</Badge>
              </span>
            ) : null}
          </dd>
          <dt className="text-slate-500">Requested model</dt>
          <dd>{e.requestedModel ?? '—'}</dd>
          <dt className="text-slate-500">Routing</dt>
          <dd>
            {e.routingRuleId ? `rule ${e.routingRuleId} · table v${e.routingVersion ?? '?'} · tier ${e.routingTier ?? '?'}` : 'not routed'}
          </dd>
          <dt className="text-slate-500">Latency / first token</dt>
          <dd>
            {e.latencyMs ?? '—'} ms / {e.ttftMs ?? '—'} ms
          </dd>
          <dt className="text-slate-500">Session, turn</dt>
          <dd>
            {e.sessionId ? (
              <Link
                className="break-all font-mono text-xs text-brand-700 hover:underline"
                href={`/sessions/${e.projectId}/${encodeURIComponent(e.sessionId)}`}
                data-testid="request-session-link"
              >
                {e.sessionId}
              </Link>
            ) : (
              '—'
            )}
            {e.turn ? `, turn ${e.turn}` : ''}
          </dd>
          <dt className="text-slate-500">Tags</dt>
          <dd>
            {Object.keys(e.tags).length
              ? Object.entries(e.tags)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')
              : '—'}
          </dd>
        </dl>
        {cost && e.costMicros !== null && cost.totalMicros !== e.costMicros ? (
          <p className="rounded bg-amber-50 px-3 py-2 text-amber-900">
            Today’s pricing configuration gives <Money micros={cost.totalMicros} />; the stored cost was computed when the request arrived.
            Re-price this model’s history in Settings → Models to update it.
          </p>
        ) : null}
      </div>
    </Card>
  );
}
