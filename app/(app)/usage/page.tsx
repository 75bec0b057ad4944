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
import { formatCalendarDate } from '@/lib/time/zoned';
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
import { explorerProblems, problemsFor, type UrlProblem } from '@/lib/usage/url-problems';
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
  const params = await searchParams;
  const state = parseExplorerState(params);
  const [context, any, tagKeys] = await Promise.all([getDashboardContext(ctx), hasAnyUsage(ctx), listRecentTagKeys(ctx)]);
  if (!any) {
    return (
      <>
        <PageHeader title="Usage" />
        <FirstEventHelp canManageKeys={can(user.role, 'api_keys:manage')} />
      </>
    );
  }
  const problems = explorerProblems(params, context.projects);
  const period = resolvePeriod(state.period, ctx.now, context.timeZone);
  return (
    <>
      <PageHeader
        title="Usage"
        description="Group and filter every request by any dimension; the link in your address bar reproduces this view."
      />
      <ScopeBar
        projects={context.projects}
        timeZone={context.timeZone}
        periodLabel={problems.some((p) => p.field === 'period') ? 'No period shown' : period.label}
        shownDays={{ from: formatCalendarDate(period.firstDay), to: formatCalendarDate(period.lastDay) }}
        problems={{ period: problemsFor(problems, 'period'), project: problemsFor(problems, 'project') }}
      />
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
        problems={{ group: problemsFor(problems, 'group'), gran: problemsFor(problems, 'gran'), filter: problemsFor(problems, 'filter') }}
      />
      <FilterChips state={state} projects={context.projects} />
      {problems.length > 0 ? (
        <NothingShown problems={problems} fixed={withoutProblems(state, problems, context.projects)} />
      ) : (
        <Suspense key={explorerSearch(state)} fallback={<WidgetSkeleton title="Loading usage" height="h-96" />}>
          <ExplorerResult ctx={ctx} state={state} context={context} />
        </Suspense>
      )}
    </>
  );
}

/** The state as the parser reads it, without what the page flagged: the view one link away. */
function withoutProblems(state: ExplorerState, problems: UrlProblem[], projects: ProjectRef[]): ExplorerState {
  return {
    ...state,
    period: problems.some((p) => p.field === 'period') ? { range: '30d' } : state.period,
    projects: state.projects.filter((s) => projects.some((p) => p.slug === s)),
  };
}

/** What a URL with a problem shows instead of figures: each reason, and the way out. */
function NothingShown({ problems, fixed }: { problems: UrlProblem[]; fixed: ExplorerState }) {
  return (
    <Card title="Nothing is shown for this address">
      <div className="space-y-3 text-sm" data-testid="explorer-problems">
        <ul className="list-disc space-y-1 pl-5 text-red-800">
          {problems.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
        <p className="text-slate-600">
          Figures for another view would not answer what the address asks, so none are shown.{' '}
          <Link className="font-medium text-brand-700 hover:underline" href={`/usage?${explorerSearch(fixed)}`}>
            Show the view without these
          </Link>
        </p>
      </div>
    </Card>
  );
}

/** The Requests page under the explorer's filters, period and projects (every project when none is chosen). */
function requestsHref(state: ExplorerState): string {
  const p = new URLSearchParams(explorerSearch(state));
  for (const k of ['group', 'gran', 'sort', 'dir']) p.delete(k);
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
            <Link className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50" href={requestsHref(state)}>
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
