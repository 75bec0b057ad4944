import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { SpendOverTimeCard, SpendOverTimeSkeleton } from '@/components/overview/spend-over-time-card';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { SPEND_DIMENSIONS, type SpendDimension } from '@/db/queries/spend';
import { getUsageSummary } from '@/db/queries/usage-events';
import { getPageUser } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/permissions';
import { formatDateTime, formatInteger, formatMicros } from '@/lib/format';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

export default async function OverviewPage({ searchParams }: { searchParams: Promise<{ by?: string }> }) {
  const user = await getPageUser();
  const requested = (await searchParams).by;
  const by: SpendDimension = SPEND_DIMENSIONS.includes(requested as SpendDimension) ? (requested as SpendDimension) : 'mode';
  const summary = await getUsageSummary(await getDb());
  return (
    <>
      <PageHeader title="Overview" description="What your agents sent to LLM providers, as recorded by Switchyard." />
      {summary.events === 0 ? (
        <EmptyState
          title="No usage recorded yet"
          action={can(user.role, 'api_keys:manage') ? <Link className="text-sm font-medium text-brand-600 hover:underline" href="/settings/api-keys">Create an API key for your gateway →</Link> : null}
        >
          Create a project and an API key with the <code>ingest</code> scope, then send events to <code>POST /api/v1/events</code> or point an OpenTelemetry
          exporter at <code>/api/v1/otlp/v1/traces</code> (see docs/api.md). To explore with sample traffic, start Switchyard with <code>npm run demo</code>.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {summary.unpricedRequests > 0 ? (
            <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" role="alert">
              {formatInteger(summary.unpricedRequests)} {summary.unpricedRequests === 1 ? 'request uses' : 'requests use'} models with no known price; they
              are not in the spend below.{' '}
              {can(user.role, 'models:manage') ? (
                <Link className="font-medium underline" href="/settings/models">
                  Price them in Settings → Models
                </Link>
              ) : (
                'Ask an admin to price them.'
              )}
            </p>
          ) : null}
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="usage-summary">
            <Stat label="Spend (priced requests)" value={formatMicros(summary.costMicros)} testId="total-spend" />
            <Stat label="Saved by prompt caching" value={formatMicros(summary.cacheSavingsMicros)} />
            <Stat label="Requests recorded" value={formatInteger(summary.events)} testId="total-requests" />
            <Stat label="Agent sessions" value={formatInteger(summary.sessions)} />
            <Stat label="Projects with traffic" value={formatInteger(summary.projects)} />
            <Stat label="Period covered (UTC hours)" value={`${formatDateTime(summary.first)} → ${formatDateTime(summary.last)}`} small />
          </div>
          <Suspense key={by} fallback={<SpendOverTimeSkeleton />}>
            <SpendOverTimeCard by={by} />
          </Suspense>
          <p className="text-sm text-slate-500">All figures come from the hourly rollups. Budgets, routing and the usage explorer arrive in the next releases.</p>
        </div>
      )}
    </>
  );
}

function Stat({ label, value, small, testId }: { label: string; value: string; small?: boolean; testId?: string }) {
  return (
    <Card>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className={`mt-1 font-semibold text-slate-900 ${small ? 'text-sm' : 'text-2xl'}`} data-testid={testId}>
        {value}
      </p>
    </Card>
  );
}
