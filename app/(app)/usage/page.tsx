import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { SpendOverTimeChart } from '@/components/charts/spend-over-time';
import { FirstEventHelp } from '@/components/dashboard/first-event-help';
import { ScopeBar } from '@/components/dashboard/scope-bar';
import { WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { ExplorerControls } from '@/components/usage/explorer-controls';
import { ExplorerTable } from '@/components/usage/explorer-table';
import { FilterChips } from '@/components/usage/filter-chips';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { loadDashboardContext } from '@/db/queries/dashboard-context';
import { loadExplorer, type ProjectRef } from '@/db/queries/explorer';
import { listRecentTagKeys } from '@/db/queries/tag-keys';
import { hasAnyUsage } from '@/db/queries/usage-events';
import { getPageUser } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/permissions';
import { formatMicros } from '@/lib/format';
import { GRANULARITIES } from '@/lib/time/buckets';
import { resolvePeriod } from '@/lib/time/periods';
import {
  DIMENSION_LABELS,
  explorerSearch,
  FILTER_DIMENSIONS,
  groupLabel,
  groupParam,
  parseExplorerState,
  type ExplorerState,
} from '@/lib/usage/explorer-state';
import { GROUP_DIMENSIONS } from '@/lib/usage/dimensions';
import { describeSource } from '@/lib/usage/query';

export const metadata: Metadata = { title: 'Usage explorer' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

export default async function UsagePage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await getPageUser();
  const db = await getDb();
  const state = parseExplorerState(await searchParams);
  const [context, any, tagKeys] = await Promise.all([loadDashboardContext(db), hasAnyUsage(db), listRecentTagKeys(db)]);
  if (!any) {
    return (
      <>
        <PageHeader title="Usage" />
        <FirstEventHelp canManageKeys={can(user.role, 'api_keys:manage')} />
      </>
    );
  }
  const period = resolvePeriod(state.period, new Date(), context.timeZone);
  return (
    <>
      <PageHeader
        title="Usage"
        description="Group and filter every request by any dimension; the link in your address bar reproduces this view."
      />
      <ScopeBar projects={context.projects} timeZone={context.timeZone} periodLabel={period.label} />
      <ExplorerControls
        group={groupParam(state.group)}
        granularity={state.granularity}
        dimensions={GROUP_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))}
        granularities={GRANULARITIES.map((g) => ({ value: g, label: g[0]!.toUpperCase() + g.slice(1) }))}
        tagKeys={tagKeys}
        filterDimensions={[
          ...FILTER_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] })),
          ...tagKeys.map((k) => ({ value: `tag:${k}`, label: `Tag ${k}` })),
        ]}
      />
      <FilterChips state={state} projects={context.projects} />
      <Suspense key={explorerSearch(state)} fallback={<WidgetSkeleton title="Loading usage" height="h-96" />}>
        <ExplorerResult state={state} context={context} />
      </Suspense>
    </>
  );
}

/** The Requests page (one project at a time) under the explorer's filters and period. */
function requestsHref(state: ExplorerState, projects: ProjectRef[]): string {
  const p = new URLSearchParams(explorerSearch({ ...state, projects: [] }));
  for (const k of ['group', 'gran', 'sort', 'dir']) p.delete(k);
  const project = projects.find((x) => x.slug === state.projects[0]);
  if (project) p.set('project', project.id);
  return `/requests?${p}`;
}

async function ExplorerResult({ state, context }: { state: ExplorerState; context: { timeZone: string; projects: ProjectRef[] } }) {
  const data = await loadExplorer(await getDb(), state, { ...context, now: new Date() });
  const search = explorerSearch(state);
  const total = data.table.reduce((a, r) => a + r.costMicros, 0);
  return (
    <div className="space-y-4">
      {data.unknownProjects.length > 0 ? (
        <p className="text-sm text-amber-800" role="alert">
          Unknown project {data.unknownProjects.join(', ')}: nothing matches it.
        </p>
      ) : null}
      <Card
        title={`Spend by ${groupLabel(state.group).toLowerCase()}: ${formatMicros(total)}`}
        description={[
          `Per ${data.granularity} in ${context.timeZone}`,
          data.granularity !== state.granularity ? ` (hourly buckets are offered up to ${data.hourlyLimitDays} days for this view)` : '',
          `; the ${data.chart.series.length > 8 ? '8 largest and the rest as (other)' : 'values'} stacked.`,
        ].join('')}
      >
        {total === 0 && data.table.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="explorer-empty">
            No requests match these filters in this period. Widen the period or remove a filter.
          </p>
        ) : (
          <SpendOverTimeChart rows={data.chart.data} keys={data.chart.series} granularity={data.granularity} timeZone={context.timeZone} />
        )}
      </Card>
      <Card
        title={`${data.table.length} ${data.table.length === 1 ? 'row' : 'rows'}`}
        description={`From ${describeSource(data.source)}.`}
        actions={
          <div className="flex gap-2">
            <Link
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
              href={requestsHref(state, context.projects)}
            >
              Requests under these filters
            </Link>
            <Link
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
              href={`/usage/export?${search}`}
              prefetch={false}
              data-testid="csv-link"
            >
              Download CSV
            </Link>
          </div>
        }
      >
        <ExplorerTable state={state} rows={data.table} total={total} />
      </Card>
    </div>
  );
}
