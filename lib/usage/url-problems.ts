/**
 * What is wrong with a dashboard URL, said per control. parseExplorerState turns anything unknown into a
 * default so a page never fails; these checks are why a page never shows that default silently: a page
 * with a problem shows the message next to the control it concerns and no figures it was not asked for.
 * Each check asks the parser itself whether it kept a value, so the two never disagree. Pure.
 */
import { GRANULARITIES } from '@/lib/time/buckets';
import { periodProblem } from '@/lib/time/periods';
import { DIMENSION_LABELS, FILTER_DIMENSIONS, groupParam, parseExplorerState, parseGroup, SORT_COLUMNS } from './explorer-state';

export type ProblemField = 'period' | 'project' | 'group' | 'gran' | 'filter' | 'sort' | 'search' | 'detail' | 'page';

export interface UrlProblem {
  field: ProblemField;
  message: string;
}

type Params = Record<string, string | string[] | undefined>;

/** The longest filter value a link keeps (explorer-state's bound). */
export const MAX_FILTER_VALUE = 200;

const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** The first value as the parser reads it (trimmed; empty is absent). */
const first = (v: string | string[] | undefined): string | undefined => list(v)[0]?.trim() || undefined;
const quote = (text: string) => `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;

/** The period (range, from, to). */
export function periodProblems(params: Params): UrlProblem[] {
  const message = periodProblem({ range: first(params.range), from: first(params.from), to: first(params.to) });
  return message ? [{ field: 'period', message }] : [];
}

/** Filter values (every dimension and `tag`) the parser would drop. */
export function filterProblems(params: Params): UrlProblem[] {
  const out: UrlProblem[] = [];
  const tooLong = (label: string, value: string) => ({
    field: 'filter' as const,
    message: `The ${label} filter value is ${value.trim().length} characters long; at most ${MAX_FILTER_VALUE} are kept.`,
  });
  for (const d of FILTER_DIMENSIONS) {
    for (const value of list(params[d])) {
      if (value.trim() === '' || (parseExplorerState({ [d]: value }).values[d] ?? []).length > 0) continue;
      out.push(tooLong(DIMENSION_LABELS[d].toLowerCase(), value));
    }
  }
  for (const pair of list(params.tag)) {
    if (pair.trim() === '' || Object.keys(parseExplorerState({ tag: pair }).tags).length > 0) continue;
    out.push(
      pair.trim().length > MAX_FILTER_VALUE
        ? tooLong('tag', pair)
        : { field: 'filter', message: `The tag filter ${quote(pair)} is not key:value (a key of letters, digits and _ . : - /).` },
    );
  }
  return out;
}

/** Grouping, granularity and sort of the explorer. */
export function viewProblems(params: Params): UrlProblem[] {
  const out: UrlProblem[] = [];
  const group = first(params.group);
  if (group !== undefined && groupParam(parseGroup(group)) !== group) {
    out.push({ field: 'group', message: `Unknown grouping ${quote(group)}: choose a dimension or a tag key.` });
  }
  const gran = first(params.gran);
  if (gran !== undefined && !(GRANULARITIES as readonly string[]).includes(gran)) {
    out.push({ field: 'gran', message: `Unknown granularity ${quote(gran)}: choose hour, day, week or month.` });
  }
  const sort = first(params.sort);
  if (sort !== undefined && !(SORT_COLUMNS as readonly string[]).includes(sort)) {
    out.push({ field: 'sort', message: `Unknown sort column ${quote(sort)}: sort by a column header instead.` });
  }
  const dir = first(params.dir);
  if (dir !== undefined && dir !== 'asc' && dir !== 'desc') {
    out.push({ field: 'sort', message: `Unknown sort direction ${quote(dir)}: it is asc or desc.` });
  }
  return out;
}

/** Project slugs the organisation does not have. */
export function projectProblems(slugs: readonly string[], known: readonly { slug: string }[]): UrlProblem[] {
  const unknown = slugs.filter((s) => !known.some((p) => p.slug === s));
  if (unknown.length === 0) return [];
  return [{ field: 'project', message: `No project ${unknown.map(quote).join(', ')}: choose projects from the list.` }];
}

/** Every problem of an explorer (or Overview) URL. */
export function explorerProblems(params: Params, known: readonly { slug: string }[]): UrlProblem[] {
  const state = parseExplorerState(params);
  return [...periodProblems(params), ...projectProblems(state.projects, known), ...viewProblems(params), ...filterProblems(params)];
}

export const problemsFor = (problems: readonly UrlProblem[], field: ProblemField): string[] =>
  problems.filter((p) => p.field === field).map((p) => p.message);
