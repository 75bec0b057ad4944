import 'server-only';
/**
 * One page of requests, newest first, across the chosen projects (none chosen: every project), under the
 * explorer's filters, keyset-paginated. A session filter or a search by event id or session id is looked
 * up first by key (usage_event_ids, usage_sessions), so the page reads only the projects and the time
 * span where those ids are, never a scan of everything for one id.
 */
import { findRequestIds, listRequests as listRequestRows, type RequestFilters } from '@/db/queries/requests';
import { assertCan } from '@/lib/auth/guard';
import type { RequestCursor } from '@/lib/usage/request-cursor';
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

export async function listRequests(
  ctx: ServiceContext,
  { projectIds, filters, before }: { projectIds: readonly string[] | null; filters: RequestFilters; before: RequestCursor | null },
): Promise<{ rows: Awaited<ReturnType<typeof listRequestRows>>['rows']; next: RequestCursor | null; search: IdMatches | null }> {
  assertCan(ctx.actor, 'dashboards:read');
  const sessions = filters.sessions ?? [];
  if (filters.id === undefined && sessions.length === 0) {
    return { ...(await listRequestRows(ctx.db, { projectIds, filters, before })), search: null };
  }
  const ids = [...new Set([...(filters.id === undefined ? [] : [filters.id]), ...sessions])];
  const found = await findRequestIds(ctx.db, { ids, projectIds });
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
  if (span.projectIds.size === 0 || span.from >= span.to) return { rows: [], next: null, search };
  const from = new Date(Math.max(span.from, filters.from?.getTime() ?? -Infinity));
  const to = new Date(Math.min(span.to, filters.to?.getTime() ?? Infinity));
  const page = await listRequestRows(ctx.db, { projectIds: [...span.projectIds], filters: { ...filters, from, to }, before });
  return { ...page, search };
}
