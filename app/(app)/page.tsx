import type { Metadata } from 'next';
import Link from 'next/link';
import { ScopeBar } from '@/components/dashboard/scope-bar';
import { Widget, WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { PeriodTotalsCards } from '@/components/overview/period-totals-card';
import { ProjectionCard } from '@/components/overview/projection-card';
import { RoutingCard } from '@/components/overview/routing-card';
import { SPEND_STACKS, SpendOverTimeCard, type SpendStack } from '@/components/overview/spend-over-time-card';
import { TierShareCard } from '@/components/overview/tier-share-card';
import { TopDriversCard } from '@/components/overview/top-drivers-card';
import { UnpricedWarning } from '@/components/overview/unpriced-warning';
import { CacheHitCard, CostPerRequestByModeCard, CostPerSessionCard } from '@/components/overview/efficiency-cards';
import { LATENCY_BY, LatencyCard, type LatencyBy } from '@/components/overview/latency-card';
import { FirstEventHelp } from '@/components/dashboard/first-event-help';
import { PageHeader } from '@/components/ui/page-header';
import { explorerQuery } from '@/db/queries/explorer';
import { can } from '@/lib/auth/permissions';
import { periodParams } from '@/lib/time/periods';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import { parseExplorerState } from '@/lib/usage/explorer-state';
import { periodProblems, problemsFor, projectProblems } from '@/lib/usage/url-problems';
import { formatCalendarDate } from '@/lib/time/zoned';
import { getPageContext } from '@/server/auth/page-guard';
import { getDashboardContext } from '@/services/dashboard/get-dashboard-context';
import { hasAnyUsage } from '@/services/dashboard/has-any-usage';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { user, ctx } = await getPageContext();
  const params = await searchParams;
  const [context, any] = await Promise.all([getDashboardContext(ctx), hasAnyUsage(ctx)]);
  if (!any) {
    return (
      <>
        <PageHeader title="Overview" description="What your agents sent to LLM providers, as recorded by Switchyard." />
        <FirstEventHelp canManageKeys={can(user.role, 'api_keys:manage')} />
      </>
    );
  }
  // The Overview shares the explorer's URL vocabulary (range, from, to, project), so links carry over.
  const state = parseExplorerState(params);
  const { query, period } = explorerQuery(state, { ...context, now: ctx.now });
  const scope: DashboardScope = { period, timeZone: context.timeZone, projectIds: query.filter.projectIds };
  const by: SpendStack = SPEND_STACKS.includes(params.by as SpendStack) ? (params.by as SpendStack) : 'mode';
  const base = new URLSearchParams(periodParams(period));
  for (const slug of state.projects) base.append('project', slug);
  const hrefFor = Object.fromEntries(SPEND_STACKS.map((d) => [d, `/?${new URLSearchParams([...base, ['by', d]])}`])) as Record<
    SpendStack,
    string
  >;
  const latencyBy: LatencyBy = LATENCY_BY.includes(params.latency as LatencyBy) ? (params.latency as LatencyBy) : 'model';
  const latencyHref = Object.fromEntries(
    LATENCY_BY.map((d) => [d, `/?${new URLSearchParams([...base, ['by', by], ['latency', d]])}#latency`]),
  ) as Record<LatencyBy, string>;
  const key = `${base}|${by}`;
  // A bad period or an unknown project is said next to its control; no figures stand in for it.
  const problems = [...periodProblems(params), ...projectProblems(state.projects, context.projects)];

  return (
    <>
      <PageHeader
        title="Overview"
        description="Agent spend for the period and projects you choose; every figure links to the usage explorer."
      />
      <ScopeBar
        projects={context.projects}
        timeZone={context.timeZone}
        periodLabel={problems.length > 0 ? 'Nothing shown' : period.label}
        shownDays={{ from: formatCalendarDate(period.firstDay), to: formatCalendarDate(period.lastDay) }}
        problems={{ period: problemsFor(problems, 'period'), project: problemsFor(problems, 'project') }}
      />
      {problems.length > 0 ? (
        <p className="text-sm text-slate-600" data-testid="overview-problems">
          Nothing is shown until the period and projects above are ones Switchyard knows.
        </p>
      ) : (
        <div className="space-y-4">
          <Widget title="Unpriced models" fallback={null}>
            <UnpricedWarning ctx={ctx} canPrice={can(user.role, 'models:manage')} />
          </Widget>
          <Widget
            key={`totals${key}`}
            title="Period totals"
            fallback={<WidgetSkeleton title="Spend, requests, tokens, cache savings" height="h-20" />}
          >
            <PeriodTotalsCards ctx={ctx} scope={scope} explorerBase={base.toString()} />
          </Widget>
          <div className="grid gap-4 md:grid-cols-2">
            <Widget
              key={`projection${key}`}
              title="Month-end projection"
              fallback={<WidgetSkeleton title="Projected month-end spend" height="h-12" />}
            >
              <ProjectionCard ctx={ctx} scope={scope} />
            </Widget>
            <Widget key={`tiers${key}`} title="Frontier share" fallback={<WidgetSkeleton title="Spend on frontier models" height="h-12" />}>
              <TierShareCard ctx={ctx} scope={scope} />
            </Widget>
          </div>
          <Widget key={`time${key}`} title="Spend over time" fallback={<WidgetSkeleton title="Spend over time" height="h-72" />}>
            <SpendOverTimeCard ctx={ctx} scope={scope} by={by} hrefFor={hrefFor} />
          </Widget>
          <div className="grid gap-4 2xl:grid-cols-2">
            <Widget key={`drivers${key}`} title="Top cost drivers" fallback={<WidgetSkeleton title="Top cost drivers" height="h-64" />}>
              <TopDriversCard ctx={ctx} scope={scope} explorerBase={base.toString()} />
            </Widget>
            <Widget
              key={`routing${key}`}
              title="Spend by routing decision"
              fallback={<WidgetSkeleton title="Spend by routing decision" height="h-40" />}
            >
              <RoutingCard ctx={ctx} scope={scope} explorerHref={`/usage?${new URLSearchParams([...base, ['group', 'routing']])}`} />
            </Widget>
          </div>
          <div id="latency">
            <Widget
              key={`latency${key}|${latencyBy}`}
              title="Latency and errors"
              fallback={<WidgetSkeleton title="Latency and errors" height="h-72" />}
            >
              <LatencyCard ctx={ctx} scope={scope} by={latencyBy} hrefFor={latencyHref} />
            </Widget>
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <Widget key={`cache${key}`} title="Cache-hit rate" fallback={<WidgetSkeleton title="Cache-hit rate" height="h-52" />}>
              <CacheHitCard ctx={ctx} scope={scope} />
            </Widget>
            <Widget key={`sessions${key}`} title="Cost per session" fallback={<WidgetSkeleton title="Cost per session" height="h-52" />}>
              <CostPerSessionCard ctx={ctx} scope={scope} />
            </Widget>
          </div>
          <Widget
            key={`per-request${key}`}
            title="Cost per request by mode"
            fallback={<WidgetSkeleton title="Cost per request by mode" height="h-72" />}
          >
            <CostPerRequestByModeCard ctx={ctx} scope={scope} />
          </Widget>
          <p className="text-sm text-slate-500">
            Figures come from hourly and daily totals (never a scan of the raw events), bucketed in {context.timeZone}.{' '}
            <Link className="text-brand-600 hover:underline" href={`/usage?${new URLSearchParams([...base, ['group', 'mode']])}`}>
              Break them down in the usage explorer →
            </Link>
          </p>
        </div>
      )}
    </>
  );
}
