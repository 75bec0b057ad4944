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
import type { ProjectRef } from '@/db/queries/explorer';
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
import { getPageContext } from '@/server/auth/page-guard';
import type { ServiceContext } from '@/services/context';
import { getDashboardContext } from '@/services/dashboard/get-dashboard-context';
import { hasAnyUsage } from '@/services/dashboard/has-any-usage';
import { listRecentTagKeys } from '@/services/explorer/list-recent-tag-keys';
import { loadExplorer } from '@/services/explorer/load-explorer';

export const metadata: Metadata = { title: 'Usage explorer' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

export default async function UsagePage({ searchParams }: { searchParams: Promise<Params> }) {
  const { user, ctx } = await getPageContext();
  const state = parseExplorerState(await searchParams);
  const [context, any, tagKeys] = await Promise.all([getDashboardContext(ctx), hasAnyUsage(ctx), listRecentTagKeys(ctx)]);
  if (!any) {
    return (
      <>
        <PageHeader title="Usage" />
        <FirstEventHelp canManageKeys={can(user.role, 'api_keys:manage')} />
      </>
    );
  }
  const period = resolvePeriod(state.period, ctx.now, context.timeZone);
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
        <ExplorerResult ctx={ctx} state={state} context={context} />
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

async function ExplorerResult({
  ctx,
  state,
  context,
}: {
  ctx: ServiceContext;
  state: ExplorerState;
  context: { timeZone: string; projects: ProjectRef[] };
}) {
  const data = await loadExplorer(ctx, { state, ...context });
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
