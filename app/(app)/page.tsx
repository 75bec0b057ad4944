import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getUsageSummary } from '@/db/queries/usage-events';
import { getPageUser } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/permissions';
import { formatDateTime, formatInteger } from '@/lib/format';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const user = await getPageUser();
  const summary = await getUsageSummary(await getDb());
  return (
    <>
      <PageHeader title="Overview" description="What your agents sent to LLM providers, as recorded by Switchyard." />
      {summary.events === 0 ? (
        <EmptyState
          title="No usage recorded yet"
          action={can(user.role, 'api_keys:manage') ? <Link className="text-sm font-medium text-brand-600 hover:underline" href="/settings/api-keys">Create an API key for your gateway →</Link> : null}
        >
          Create a project and an API key with the <code>ingest</code> scope, then point your gateway or SDK at Switchyard. To explore with sample traffic,
          start Switchyard with <code>npm run demo</code>.
        </EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4" data-testid="usage-summary">
          <Stat label="Requests recorded" value={formatInteger(summary.events)} />
          <Stat label="Agent sessions" value={formatInteger(summary.sessions)} />
          <Stat label="Projects with traffic" value={formatInteger(summary.projects)} />
          <Stat label="Period covered" value={`${formatDateTime(summary.first)} → ${formatDateTime(summary.last)}`} small />
          <Card className="md:col-span-2 xl:col-span-4">
            <p className="text-sm text-slate-600">
              Spend figures appear here once requests are priced, which the ingestion and pricing release adds. Until then Switchyard shows only what it has counted,
              never an estimate.
            </p>
          </Card>
        </div>
      )}
    </>
  );
}

function Stat({ label, value, small }: { label: string; value: string; small?: boolean }) {
  return (
    <Card>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className={`mt-1 font-semibold text-slate-900 ${small ? 'text-sm' : 'text-2xl'}`}>{value}</p>
    </Card>
  );
}
