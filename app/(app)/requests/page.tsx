import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestDetail } from '@/components/requests/request-detail';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { ProjectOptions } from '@/components/ui/project-options';
import { Table, Td, Th } from '@/components/ui/table';
import type { RequestFilters } from '@/db/queries/requests';
import { formatInteger, formatMicros, formatShortDateTime } from '@/lib/format';
import { resolvePeriod } from '@/lib/time/periods';
import { DIMENSION_LABELS, FILTER_DIMENSIONS, parseExplorerState } from '@/lib/usage/explorer-state';
import { decodeCursor, encodeCursor } from '@/lib/usage/request-cursor';
import { getPageContext } from '@/server/auth/page-guard';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';
import { listProjects } from '@/services/projects/list-projects';
import { getRequestDetail } from '@/services/requests/get-request-detail';
import { listRequestFilterValues } from '@/services/requests/list-request-filter-values';
import { listRequests } from '@/services/requests/list-requests';

export const metadata: Metadata = { title: 'Requests' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;
/** Offered as selects; every explorer filter (task, provider, routing rule, user, tags, a period) also applies from the URL. */
const FILTERS = ['mode', 'model', 'tier', 'status'] as const;

function href(params: Params, change: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...change })) for (const one of Array.isArray(v) ? v : [v]) if (one) q.append(k, one);
  return `/requests?${q}`;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { ctx } = await getPageContext();
  const params = await searchParams;
  const [projects, timeZone] = await Promise.all([listProjects(ctx), getOrgTimeZone(ctx)]);
  const project = projects.find((p) => p.id === first(params.project)) ?? projects[0];
  if (!project) {
    return (
      <>
        <PageHeader title="Requests" />
        <EmptyState title="No projects yet">Create a project in Settings, then send usage to it.</EmptyState>
      </>
    );
  }
  // The explorer's URL vocabulary (lib/usage/explorer-state.ts); a period only when the link names one.
  const explorer = parseExplorerState(params);
  const period = params.range ? resolvePeriod(explorer.period, ctx.now, timeZone) : null;
  const filters: RequestFilters = { values: explorer.values, tags: explorer.tags, from: period?.from, to: period?.to };
  const selected = decodeCursor(first(params.detail));
  const [values, page, detail] = await Promise.all([
    listRequestFilterValues(ctx, { projectId: project.id }),
    listRequests(ctx, { projectId: project.id, filters, before: decodeCursor(first(params.before)) }),
    selected ? getRequestDetail(ctx, { projectId: project.id, cursor: selected }) : undefined,
  ]);
  const extraFilters = [
    ...(period ? [{ label: `Period: ${period.label}`, without: { range: '', from: '', to: '' } }] : []),
    ...FILTER_DIMENSIONS.filter((d) => !(FILTERS as readonly string[]).includes(d)).flatMap((d) =>
      (explorer.values[d] ?? []).length > 0
        ? [{ label: `${DIMENSION_LABELS[d]}: ${explorer.values[d]!.join(' or ')}`, without: { [d]: '' } }]
        : [],
    ),
    ...(Object.keys(explorer.tags).length > 0
      ? [
          {
            label: `Tags: ${Object.entries(explorer.tags)
              .map(([k, v]) => `${k}=${v.join('|')}`)
              .join(', ')}`,
            without: { tag: '' },
          },
        ]
      : []),
  ];
  const state: Params = { ...params, project: project.id };
  return (
    <>
      <PageHeader
        title="Requests"
        description={
          'Every request as recorded, newest first. Pick one to see its tokens and cost by class, the ' +
          'price applied and where it came from.'
        }
      />
      <form className="mb-4 flex flex-wrap items-end gap-2" aria-label="Request filters">
        <Field label="Project" name="project">
          <Select name="project" defaultValue={project.id} className="min-w-40">
            <ProjectOptions projects={projects} />
          </Select>
        </Field>
        {FILTERS.map((f) => (
          <Field key={f} label={f[0]!.toUpperCase() + f.slice(1)} name={f}>
            <Select name={f} defaultValue={first(params[f]) ?? ''} className="min-w-32">
              <option value="">all</option>
              {values[f].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </Select>
          </Field>
        ))}
        {/* Filters the selects do not show travel with the form, so Apply keeps them. */}
        {Object.entries(params).flatMap(([k, v]) =>
          ['project', 'before', 'detail', ...FILTERS].includes(k)
            ? []
            : (Array.isArray(v) ? v : [v]).map((one) => (one ? <input key={`${k}=${one}`} type="hidden" name={k} value={one} /> : null)),
        )}
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Apply
        </button>
      </form>
      {extraFilters.length > 0 ? (
        <ul className="mb-4 flex flex-wrap gap-2" aria-label="Other filters" data-testid="request-filter-chips">
          {extraFilters.map((f) => (
            <li key={f.label}>
              <Link
                href={href(state, { ...f.without, before: '', detail: '' })}
                className={
                  'inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-xs font-medium ' +
                  'text-brand-700 ring-1 ring-brand-600/20 hover:bg-brand-100'
                }
                aria-label={`Remove filter ${f.label}`}
              >
                {f.label} <span aria-hidden>×</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-4 2xl:grid-cols-[minmax(0,1fr)_28rem]">
        <Card>
          {page.rows.length === 0 ? (
            <p className="text-sm text-slate-600">No requests match these filters.</p>
          ) : (
            <Table caption="Requests, newest first">
              <thead>
                <tr>
                  <Th>{`Time (${timeZone})`}</Th>
                  <Th>Mode</Th>
                  <Th>Model</Th>
                  <Th>User</Th>
                  <Th className="text-right">In / out</Th>
                  <Th className="text-right">Cost</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((r) => {
                  const cursor = encodeCursor(r);
                  return (
                    <tr key={r.eventId} className={cursor === first(params.detail) ? 'bg-brand-50' : undefined} data-testid="request-row">
                      <Td>
                        <Link className="text-brand-700 hover:underline" href={href(state, { detail: cursor })} scroll={false}>
                          {formatShortDateTime(r.occurredAt, timeZone)}
                        </Link>
                      </Td>
                      <Td>{r.mode ?? '—'}</Td>
                      <Td>
                        {r.model}
                        {r.status !== 'ok' ? <span className="ml-1 text-xs text-red-700">{r.status}</span> : null}
                      </Td>
                      <Td>{r.userId ?? '—'}</Td>
                      <Td className="text-right tabular-nums">
                        {formatInteger(r.inputTokens)} / {formatInteger(r.outputTokens)}
                      </Td>
                      <Td className="text-right tabular-nums">{r.costMicros === null ? 'unpriced' : formatMicros(r.costMicros)}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
          <div className="mt-3 flex justify-between text-sm">
            {params.before ? (
              <Link className="font-medium text-brand-600 hover:underline" href={href(state, { before: '', detail: '' })}>
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.next ? (
              <Link
                className="font-medium text-brand-600 hover:underline"
                href={href(state, { before: encodeCursor(page.next), detail: '' })}
              >
                Older →
              </Link>
            ) : null}
          </div>
        </Card>
        {/* Beside the list on wide screens; above it on a laptop, so a selected request is in view. */}
        <div className="order-first 2xl:order-none">
          {detail ? (
            <RequestDetail detail={detail} timeZone={timeZone} />
          ) : (
            <p className="text-sm text-slate-500">Select a request to see its cost breakdown.</p>
          )}
        </div>
      </div>
    </>
  );
}
