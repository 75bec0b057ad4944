import type { Metadata } from 'next';
import Link from 'next/link';
import { ScopeBar } from '@/components/dashboard/scope-bar';
import { RequestDetail } from '@/components/requests/request-detail';
import { RequestFilters } from '@/components/requests/request-filters';
import { RequestTable } from '@/components/requests/request-table';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import type { ProjectRef } from '@/db/queries/explorer';
import { PRESET_LABELS, resolvePeriod } from '@/lib/time/periods';
import { formatCalendarDate } from '@/lib/time/zoned';
import { DIMENSION_LABELS, FILTER_DIMENSIONS } from '@/lib/usage/explorer-state';
import { encodeCursor } from '@/lib/usage/request-cursor';
import { detailParam, parseRequestsUrl, type RequestsUrl } from '@/lib/usage/requests-url';
import { problemsFor, projectProblems } from '@/lib/usage/url-problems';
import { getPageContext } from '@/server/auth/page-guard';
import type { ServiceContext } from '@/services/context';
import { getDashboardContext } from '@/services/dashboard/get-dashboard-context';
import { getRequestDetail } from '@/services/requests/get-request-detail';
import { type IdMatches, listRequests } from '@/services/requests/list-requests';

export const metadata: Metadata = { title: 'Requests' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same URL with some parameters replaced ('' removes one). */
function href(params: Params, change: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...change })) for (const one of Array.isArray(v) ? v : [v]) if (one) q.append(k, one);
  return `/requests?${q}`;
}

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { ctx } = await getPageContext();
  const raw = await searchParams;
  const context = await getDashboardContext(ctx);
  if (context.projects.length === 0) {
    return (
      <>
        <PageHeader title="Requests" />
        <EmptyState title="No projects yet">Create a project in Settings, then send usage to it.</EmptyState>
      </>
    );
  }
  // A project id (older links named projects so) reads as its slug.
  const params: Params = {
    ...raw,
    project: [raw.project ?? []].flat().map((p) => context.projects.find((x) => x.id === p)?.slug ?? p),
  };
  const url = parseRequestsUrl(params);
  const problems = [...url.problems, ...projectProblems(url.projects, context.projects)];
  const period = resolvePeriod(url.period ?? { range: '30d' }, ctx.now, context.timeZone);
  const blocking = problems.filter((p) => p.field !== 'detail');
  return (
    <>
      <PageHeader
        title="Requests"
        description={
          'Every request as recorded, newest first, in every project or the ones you choose. Find one by its event id or ' +
          'its session id; open one to see its tokens and cost by class, the price applied and where it came from.'
        }
      />
      <ScopeBar
        projects={context.projects}
        timeZone={context.timeZone}
        periodLabel={url.period ? period.label : 'All time'}
        shownDays={{ from: formatCalendarDate(period.firstDay), to: formatCalendarDate(period.lastDay) }}
        problems={{ period: problemsFor(problems, 'period'), project: problemsFor(problems, 'project') }}
        allTime
      />
      <RequestFilters url={url} problems={{ filter: problemsFor(problems, 'filter'), search: problemsFor(problems, 'search') }} />
      <ActiveFilters url={url} params={params} />
      {blocking.length > 0 ? (
        <Card title="Nothing is shown for this address">
          <ul className="list-disc space-y-1 pl-5 text-sm text-red-800" data-testid="request-problems">
            {blocking.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
          {problemsFor(problems, 'page').length > 0 ? (
            <Link className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline" href={href(params, { before: '' })}>
              Newest requests under these filters
            </Link>
          ) : null}
        </Card>
      ) : (
        <RequestsResult
          ctx={ctx}
          url={url}
          params={params}
          projects={context.projects}
          timeZone={context.timeZone}
          period={period}
          detailProblems={problemsFor(problems, 'detail')}
        />
      )}
    </>
  );
}

async function RequestsResult({
  ctx,
  url,
  params,
  projects,
  timeZone,
  period,
  detailProblems,
}: {
  detailProblems: string[];
  ctx: ServiceContext;
  url: RequestsUrl;
  params: Params;
  projects: ProjectRef[];
  timeZone: string;
  period: ReturnType<typeof resolvePeriod>;
}) {
  const projectIds = url.projects.length > 0 ? projects.filter((p) => url.projects.includes(p.slug)).map((p) => p.id) : null;
  const detailProject = url.detail ? projects.find((p) => p.slug === url.detail!.project) : undefined;
  const filters = {
    values: url.values,
    tags: url.tags,
    sessions: url.sessions,
    id: url.q ?? undefined,
    from: url.period ? period.from : undefined,
    to: url.period ? period.to : undefined,
  };
  const [page, detail] = await Promise.all([
    listRequests(ctx, {
      projectIds,
      filters,
      days: url.period ? { fromDay: formatCalendarDate(period.firstDay), toDay: formatCalendarDate(period.lastDay) } : null,
      before: url.before,
    }),
    detailProject && url.detail ? getRequestDetail(ctx, { projectId: detailProject.id, eventId: url.detail.eventId }) : undefined,
  ]);
  const byId = new Map(projects.map((p) => [p.id, p]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const selected = detail ? { projectId: detail.event.projectId, eventId: detail.event.eventId } : null;
  const detailHref = (r: { projectId: string; eventId: string }) =>
    href(params, { detail: detailParam(byId.get(r.projectId)?.slug ?? r.projectId, r.eventId) });
  return (
    <>
      {page.search ? <SearchResult search={page.search} name={name} /> : null}
      <div className="grid gap-4 min-[1400px]:grid-cols-[minmax(0,1fr)_26rem]">
        <Card>
          {page.rows.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="requests-empty">
              No requests match these filters{url.period ? ' in this period' : ''}.
            </p>
          ) : (
            <RequestTable rows={page.rows} timeZone={timeZone} projectName={name} detailHref={detailHref} selected={selected} />
          )}
          <div className="mt-3 flex justify-between text-sm">
            {url.before ? (
              <Link className="font-medium text-brand-600 hover:underline" href={href(params, { before: '' })}>
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.next ? (
              <Link className="font-medium text-brand-600 hover:underline" href={href(params, { before: encodeCursor(page.next) })}>
                Older →
              </Link>
            ) : null}
          </div>
        </Card>
        {/*
          Where the reader is looking: from 1400 px a sticky column beside the list; narrower (a laptop at 1280 px), a
          drawer over the list's right edge while a request is open, so the table keeps its columns the rest of the time.
        */}
        <aside
          aria-label="Request detail"
          data-testid="request-panel"
          className={
            url.detail || detailProblems.length > 0
              ? 'fixed inset-y-0 right-0 z-30 w-[min(28rem,100vw)] overflow-y-auto border-l border-slate-200 bg-slate-50 p-4 shadow-2xl ' +
                'min-[1400px]:sticky min-[1400px]:top-4 min-[1400px]:z-auto min-[1400px]:max-h-[calc(100vh-2rem)] min-[1400px]:w-auto ' +
                'min-[1400px]:self-start min-[1400px]:border-0 min-[1400px]:bg-transparent min-[1400px]:p-0 min-[1400px]:shadow-none'
              : 'hidden min-[1400px]:block'
          }
        >
          {url.detail || detailProblems.length > 0 ? (
            <Link
              href={href(params, { detail: '' })}
              scroll={false}
              className="mb-2 inline-block text-sm font-medium text-brand-700 hover:underline min-[1400px]:hidden"
            >
              × Close
            </Link>
          ) : null}
          {detail ? (
            <RequestDetail detail={detail} timeZone={timeZone} projectName={name(detail.event.projectId)} />
          ) : url.detail ? (
            <Card title="Request not found">
              <p className="text-sm text-red-800" role="alert" data-testid="detail-problem">
                {detailProject
                  ? `${detailProject.name} has no request with the event id “${url.detail.eventId.slice(0, 80)}”.`
                  : UUID.test(url.detail.project) || !url.detail.project
                    ? `“${url.detail.project.slice(0, 40)}” is not a project slug.`
                    : `No project “${url.detail.project.slice(0, 40)}”.`}{' '}
                It may be mistyped, or older than the raw events kept.
              </p>
            </Card>
          ) : detailProblems.length > 0 ? (
            <Card title="Request not found">
              <p className="text-sm text-red-800" role="alert" data-testid="detail-problem">
                {detailProblems.join(' ')}
              </p>
            </Card>
          ) : (
            <p className="text-sm text-slate-500">Select a request to see its cost breakdown.</p>
          )}
        </aside>
      </div>
    </>
  );
}

/** What a search by id found, in words: where the id is an event id, where a session id. */
function SearchResult({ search, name }: { search: IdMatches; name: (projectId: string) => string }) {
  const id = `“${search.id.slice(0, 80)}”`;
  const parts = [
    ...search.events.map((e) => `the event id of a request in ${name(e.projectId)}`),
    ...search.sessions.map((s) => `a session in ${name(s.projectId)}`),
  ];
  return (
    <p className={`mb-4 text-sm ${parts.length ? 'text-slate-700' : 'text-red-800'}`} role="status" data-testid="search-result">
      {parts.length === 0 ? `${id} is not the id of any request or session in these projects.` : `${id} is ${parts.join('; and ')}.`}
      {search.sessions.map((s) => (
        <Link
          key={s.projectId}
          className="ml-2 font-medium text-brand-700 hover:underline"
          href={`/sessions/${s.projectId}/${encodeURIComponent(s.sessionId)}`}
        >
          Open the session in {name(s.projectId)} →
        </Link>
      ))}
    </p>
  );
}

/** Every active filter as a chip that removes it (the form shows only the first value of each). */
function ActiveFilters({ url, params }: { url: RequestsUrl; params: Params }) {
  const chips: { label: string; without: Params }[] = [];
  if (url.period) {
    const label = url.period.range === 'custom' ? `${url.period.from} → ${url.period.to}` : PRESET_LABELS[url.period.range];
    chips.push({ label: `Period: ${label}`, without: { range: '', from: '', to: '' } });
  }
  for (const d of FILTER_DIMENSIONS) {
    const vs = url.values[d] ?? [];
    if (vs.length > 0) chips.push({ label: `${DIMENSION_LABELS[d]}: ${vs.map((v) => v || '(none)').join(' or ')}`, without: { [d]: '' } });
  }
  if (url.sessions.length > 0) chips.push({ label: `Session: ${url.sessions.join(' or ')}`, without: { session: '' } });
  for (const [k, vs] of Object.entries(url.tags)) {
    chips.push({
      label: `Tag ${k}: ${vs.join(' or ')}`,
      without: { tag: Object.entries(url.tags).flatMap(([o, ovs]) => (o === k ? [] : ovs.map((v) => `${o}:${v}`))) },
    });
  }
  if (url.q) chips.push({ label: `Id: ${url.q.slice(0, 40)}`, without: { q: '' } });
  if (chips.length === 0) return null;
  return (
    <ul className="mb-4 flex flex-wrap gap-2" aria-label="Active filters" data-testid="request-filter-chips">
      {chips.map((c) => (
        <li key={c.label}>
          <Link
            href={href(params, { ...c.without, before: '', detail: '' })}
            className={
              'inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-xs font-medium ' +
              'text-brand-700 ring-1 ring-brand-600/20 hover:bg-brand-100'
            }
            aria-label={`Remove filter ${c.label}`}
          >
            {c.label} <span aria-hidden>×</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
