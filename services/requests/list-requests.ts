import 'server-only';
/**
 * One page of requests, newest first, across the chosen projects (none chosen: every project), under the
 * explorer's filters, keyset-paginated. What can be looked up first is, so the raw read touches only
 * where matches are: typed filter values become the stored spellings (any case) and the projects holding
 * them, from the rollups — so a user of one project never walks every other project's history, and the
 * planner sees plain equalities it has statistics for (lower(col) = … it guessed at 0.5 % and sorted whole
 * projects: 82 s at 10 M events); a session filter or a search by event id or session id is looked up by
 * key (usage_event_ids, usage_sessions) and bounds the time span read.
 */
import { listDimensionValueProjects, type ValueDimension } from '@/db/queries/dimension-values';
import { findRequestIds, listRequests as listRequestRows, type RequestFilters, type RequestRow } from '@/db/queries/requests';
import { assertCan } from '@/lib/auth/guard';
import type { FilterDimension } from '@/lib/usage/explorer-state';
import type { RequestCursor } from '@/lib/usage/request-cursor';
import { STORED_LOWER_CASE } from '@/lib/usage/stored-case';
import type { ServiceContext } from '../context';

/** Where an id was found: as a request's event id, as a session id (project ids). */
export interface IdMatches {
  id: string;
  events: { projectId: string; eventId: string; occurredAt: Date }[];
  sessions: { projectId: string; sessionId: string; firstAt: Date; lastAt: Date }[];
}

interface Span {
  projectIds: Set<string>;
  from: number;
  to: number;
}

/** The projects and time span holding the matches; the end is padded a second past the last (the bound only narrows a scan). */
function spanOf(parts: { projectId: string; from: Date; to: Date }[]): Span {
  return {
    projectIds: new Set(parts.map((p) => p.projectId)),
    from: Math.min(...parts.map((p) => p.from.getTime())),
    to: Math.max(...parts.map((p) => p.to.getTime() + 1000)),
  };
}

const intersect = (a: Span, b: Span): Span => ({
  projectIds: new Set([...a.projectIds].filter((p) => b.projectIds.has(p))),
  from: Math.max(a.from, b.from),
  to: Math.min(a.to, b.to),
});

export type { RequestRow };

type Page = { rows: RequestRow[]; next: RequestCursor | null; search: IdMatches | null };

/** Filter values as stored (any case), and the projects holding every filtered value; null projects: no value filter. */
async function narrowByValues(
  ctx: ServiceContext,
  filters: RequestFilters,
  projectIds: readonly string[] | null,
  days: { fromDay: string; toDay: string } | null,
): Promise<{ filters: RequestFilters; projectIds: readonly string[] | null }> {
  const asked: [ValueDimension, readonly string[]][] = [
    ...Object.entries(filters.values ?? {}).map(([d, vs]) => [d as ValueDimension, vs ?? []] as [ValueDimension, readonly string[]]),
    ...Object.entries(filters.tags ?? {}).map(([k, vs]) => [`tag:${k}`, vs] as [ValueDimension, readonly string[]]),
  ].filter(([, vs]) => vs.length > 0);
  const lowerCased = (d: ValueDimension) => STORED_LOWER_CASE.includes(d as FilterDimension);
  const values: Record<string, string[]> = {};
  const tags: Record<string, string[]> = {};
  // Lower-cased at ingest: lower-case the typed value, no look-up (their values are shared by most projects anyway).
  for (const [d, vs] of asked) if (lowerCased(d)) values[d] = [...new Set(vs.map((v) => v.toLowerCase()))];
  const looked = asked.filter(([d]) => !lowerCased(d));
  if (looked.length === 0) return { filters: { ...filters, values: { ...filters.values, ...values } }, projectIds };
  const window =
    days && filters.from && filters.to
      ? { ...days, from: filters.from, to: filters.to, projectIds: projectIds ?? undefined }
      : { projectIds: projectIds ?? undefined };
  const found = await Promise.all(looked.map(([dimension, values]) => listDimensionValueProjects(ctx.db, { dimension, values, window })));
  let projects: Set<string> | null = projectIds ? new Set(projectIds) : null;
  looked.forEach(([dimension, typed], i) => {
    const rows = found[i]!;
    const spellings = [...new Set(rows.map((r) => r.value))].sort();
    // No stored spelling: the typed value is kept, and matches nothing, as it should.
    const exact = spellings.length > 0 ? spellings : [...typed];
    if (dimension.startsWith('tag:')) tags[dimension.slice(4)] = exact;
    else values[dimension] = exact;
    const here = new Set(rows.map((r) => r.projectId));
    projects = new Set([...(projects ?? here)].filter((p) => here.has(p)));
  });
  return { filters: { ...filters, values, tags }, projectIds: [...(projects ?? [])] };
}

export async function listRequests(
  ctx: ServiceContext,
  {
    projectIds: chosen,
    filters: typed,
    days = null,
    before,
  }: {
    projectIds: readonly string[] | null;
    filters: RequestFilters;
    /** The period's first and last local days, when it has one (for the daily rollups). */
    days?: { fromDay: string; toDay: string } | null;
    before: RequestCursor | null;
  },
): Promise<Page> {
  assertCan(ctx.actor, 'dashboards:read');
  const { filters, projectIds } = await narrowByValues(ctx, typed, chosen, days);
  const sessions = filters.sessions ?? [];
  if (filters.id === undefined && sessions.length === 0) {
    return { ...(await listRequestRows(ctx.db, { projectIds, filters, before })), search: null };
  }
  const ids = [...new Set([...(filters.id === undefined ? [] : [filters.id]), ...sessions])];
  // Where the ids are in the chosen projects, whatever the other filters (the page says so), then read only there.
  const found = await findRequestIds(ctx.db, { ids, projectIds: chosen });
  const spans: Span[] = [];
  let search: IdMatches | null = null;
  if (filters.id !== undefined) {
    const id = filters.id;
    search = { id, events: found.events.filter((e) => e.eventId === id), sessions: found.sessions.filter((s) => s.sessionId === id) };
    spans.push(
      spanOf([
        ...search.events.map((e) => ({ projectId: e.projectId, from: e.occurredAt, to: e.occurredAt })),
        ...search.sessions.map((s) => ({ projectId: s.projectId, from: s.firstAt, to: s.lastAt })),
      ]),
    );
  }
  if (sessions.length > 0) {
    const named = found.sessions.filter((s) => sessions.includes(s.sessionId));
    spans.push(spanOf(named.map((s) => ({ projectId: s.projectId, from: s.firstAt, to: s.lastAt }))));
  }
  const span = spans.reduce(intersect);
  if (projectIds) span.projectIds = new Set([...span.projectIds].filter((p) => projectIds.includes(p)));
  if (span.projectIds.size === 0 || span.from >= span.to) return { rows: [], next: null, search };
  const from = new Date(Math.max(span.from, filters.from?.getTime() ?? -Infinity));
  const to = new Date(Math.min(span.to, filters.to?.getTime() ?? Infinity));
  const page = await listRequestRows(ctx.db, { projectIds: [...span.projectIds], filters: { ...filters, from, to }, before });
  return { ...page, search };
}
