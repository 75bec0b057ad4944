/**
 * The Requests page's URL: the explorer's vocabulary (project slugs, range/from/to, every dimension,
 * `tag`) plus `session`, `q` (an event id or a session id), `before` (the keyset cursor) and `detail`
 * (`<project slug>/<event id>`, so an open request survives a reload). Anything the page cannot honour is
 * a problem said next to its control (lib/usage/url-problems.ts), never dropped silently. Pure.
 */
import { parseExplorerState, type ExplorerState } from './explorer-state';
import { decodeCursor, type RequestCursor } from './request-cursor';
import { filterProblems, MAX_FILTER_VALUE, periodProblems, type UrlProblem } from './url-problems';

type Params = Record<string, string | string[] | undefined>;

export interface RequestsUrl {
  /** Project slugs (none: every project). */
  projects: string[];
  /** Null: all time (the page's default). */
  period: ExplorerState['period'] | null;
  values: ExplorerState['values'];
  tags: ExplorerState['tags'];
  sessions: string[];
  q: string | null;
  before: RequestCursor | null;
  detail: { project: string; eventId: string } | null;
  problems: UrlProblem[];
}

const list = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s.length > 0);

/** `<project slug>/<event id>`: a slug has no slash, an event id may. */
export const detailParam = (projectSlug: string, eventId: string) => `${projectSlug}/${eventId}`;

export function parseRequestsUrl(params: Params): RequestsUrl {
  const state = parseExplorerState(params);
  const problems: UrlProblem[] = [...periodProblems(params), ...filterProblems(params)];
  const tooLong = (what: string, field: UrlProblem['field'], v: string) =>
    problems.push({ field, message: `The ${what} is ${v.length} characters long; at most ${MAX_FILTER_VALUE} are kept.` });

  const sessions = [...new Set(list(params.session))];
  for (const s of sessions) if (s.length > MAX_FILTER_VALUE) tooLong('session filter value', 'filter', s);
  const q = list(params.q)[0] ?? null;
  if (q && q.length > MAX_FILTER_VALUE) tooLong('searched id', 'search', q);

  const beforeText = list(params.before)[0];
  const before = decodeCursor(beforeText);
  if (beforeText && !before) problems.push({ field: 'page', message: 'This page link is damaged: start again from the newest requests.' });

  const detailText = list(params.detail)[0];
  const slash = detailText?.indexOf('/') ?? -1;
  const detail =
    detailText && slash > 0 && slash < detailText.length - 1
      ? { project: detailText.slice(0, slash), eventId: detailText.slice(slash + 1) }
      : null;
  if (detailText && !detail) {
    problems.push({ field: 'detail', message: `“${detailText.slice(0, 40)}” does not name a request: it is <project>/<event id>.` });
  }
  return {
    projects: state.projects,
    period: list(params.range).length > 0 ? state.period : null,
    values: state.values,
    tags: state.tags,
    sessions,
    q,
    before,
    detail,
    problems,
  };
}
