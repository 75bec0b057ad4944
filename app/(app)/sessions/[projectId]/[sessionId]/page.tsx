import { Money, Tokens } from '@/components/ui/figures';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime, formatInteger, formatMicros, formatTime, formatWholeShare } from '@/lib/format';
import { detailParam } from '@/lib/usage/requests-url';
import { getPageContext } from '@/server/auth/page-guard';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';
import { adviseSessionTiers } from '@/services/routing/advise-session-tiers';
import { getSessionTurns } from '@/services/sessions/get-session-turns';

export const metadata: Metadata = { title: 'Session' };
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SessionPage({ params }: { params: Promise<{ projectId: string; sessionId: string }> }) {
  const { ctx } = await getPageContext();
  const { projectId, sessionId: rawSessionId } = await params;
  const sessionId = decodeURIComponent(rawSessionId);
  if (!UUID.test(projectId)) notFound();
  const [found, timeZone] = await Promise.all([getSessionTurns(ctx, { projectId, sessionId }), getOrgTimeZone(ctx)]);
  if (!found) notFound();
  const { session, projectName, projectSlug, turns } = found;
  const maxInput = Math.max(1, ...turns.map((t) => t.inputTokens));
  // The published routing table decides which tier each turn needed (the one evaluator, lib/routing/tier-advice.ts).
  const { version: routingVersion, advice } = await adviseSessionTiers(ctx, { projectSlug, turns });
  const flagged = turns.filter((_, i) => advice[i] !== null);
  const flaggedCost = flagged.reduce((n, t) => n + (t.costMicros ?? 0), 0);
  let cumulative = 0;
  // The request opens on Requests among this session's turns.
  const turnHref = (eventId: string) =>
    `/requests?${new URLSearchParams({ session: sessionId, project: projectSlug, detail: detailParam(projectSlug, eventId) })}`;
  const adviceSource =
    routingVersion === null
      ? 'No routing table is published yet, so no turn is marked.'
      : `A badge marks a turn served by a costlier tier than the published routing table (version ${routingVersion}) routes it to.`;
  return (
    <>
      <PageHeader
        title={`Session ${sessionId}`}
        description={`${projectName} · ${session.userId || 'unknown user'} · ${formatDateTime(session.firstAt, timeZone)} →
          ${formatDateTime(session.lastAt, timeZone)}`}
      >
        <Link href="/sessions" className="text-sm font-medium text-brand-600 hover:underline">
          ← All sessions
        </Link>
      </PageHeader>
      <div className="mb-6 grid gap-4 md:grid-cols-4">
        <Card>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Cost</p>
          <p className="mt-1 text-2xl font-semibold" data-testid="session-cost">
            <Money micros={session.costMicros} />
          </p>
        </Card>
        <Card>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Requests</p>
          <p className="mt-1 text-2xl font-semibold">{formatInteger(session.requests)}</p>
        </Card>
        <Card>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Input tokens re-sent</p>
          <p className="mt-1 text-2xl font-semibold">
            <Tokens count={session.inputTokens} />
          </p>
          <p className="text-xs text-slate-500">{formatWholeShare(session.cacheReadTokens, session.inputTokens, '0 %')} read from cache</p>
        </Card>
        <Card>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">On a tier above the routing table’s</p>
          <p className="mt-1 text-2xl font-semibold">{formatInteger(flagged.length)} turns</p>
          <p className="text-xs text-slate-500">
            <Money micros={flaggedCost} /> of this session’s cost
          </p>
        </Card>
      </div>
      <Card
        title="Turn by turn"
        description={
          'The bar is the prompt sent on each turn (input tokens): the context the agent re-sends grows with every step. ' + adviceSource
        }
      >
        <Table caption="Turns of this session">
          <thead>
            <tr>
              <Th>Turn</Th>
              <Th>Mode</Th>
              <Th>Model</Th>
              <Th>Input (context)</Th>
              <Th className="text-right">Cached</Th>
              <Th className="text-right">Output</Th>
              <Th className="text-right">Cost</Th>
              <Th className="text-right">Cumulative</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {turns.map((t, i) => {
              cumulative += t.costMicros ?? 0;
              const cheaper = advice[i] ?? null;
              return (
                <tr key={t.eventId} data-testid="turn-row">
                  <Td>
                    <Link className="text-brand-700 hover:underline" href={turnHref(t.eventId)} title="Open this request">
                      {t.turn ?? '—'}
                    </Link>
                    <span className="block text-xs text-slate-500">{formatTime(t.occurredAt, timeZone)}</span>
                  </Td>
                  <Td className="whitespace-normal">
                    {t.mode ?? '—'}
                    {t.task ? <span className="block text-xs text-slate-500">{t.task}</span> : null}
                  </Td>
                  <Td className="whitespace-normal">
                    {t.model} <span className="text-xs text-slate-500">{t.tier}</span>
                    {cheaper ? (
                      <span
                        className="mt-0.5 block"
                        title={`Routing version ${cheaper.version}, rule "${cheaper.ruleId}", routes this request to ${cheaper.tier}`}
                      >
                        <Badge tone="amber">{cheaper.tier} would suffice</Badge>
                      </span>
                    ) : null}
                    {t.status !== 'ok' ? (
                      <span className="mt-0.5 block">
                        <Badge tone="red">{t.status}</Badge>
                      </span>
                    ) : null}
                  </Td>
                  <Td>
                    <div className="flex items-center gap-2">
                      <div className="h-2 w-20 rounded bg-slate-100" aria-hidden>
                        <div
                          className="h-2 rounded bg-brand-500"
                          style={{ width: `${Math.max(2, Math.round((t.inputTokens / maxInput) * 100))}%` }}
                        />
                      </div>
                      <span className="tabular-nums">
                        <Tokens count={t.inputTokens} />
                      </span>
                    </div>
                  </Td>
                  <Td className="text-right">{formatWholeShare(t.cacheReadTokens, t.inputTokens)}</Td>
                  <Td className="text-right">
                    <Tokens count={t.outputTokens} />
                  </Td>
                  <Td className="text-right">{t.costMicros === null ? 'unpriced' : <Money micros={t.costMicros} />}</Td>
                  <Td className="text-right font-medium">
                    <Money micros={cumulative} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
