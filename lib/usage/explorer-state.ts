/**
 * The usage explorer's whole state lives in the URL: grouping, granularity, period, filters and
 * sort. Parsed with zod (anything unknown falls back to a default, never an error page) and written
 * back in one canonical order, so a link reproduces the view exactly. Pure.
 */
import { z } from 'zod';
import { GRANULARITIES, type Granularity } from '@/lib/time/buckets';
import { periodInputSchema, type PeriodInput } from '@/lib/time/periods';
import { DIMENSION_LABELS, FILTER_DIMENSIONS, GROUP_DIMENSIONS, type EventDimension, type FilterDimension } from './dimensions';
import type { GroupSpec } from './query';
import { parseTagFilterParam, tagFilterParam } from './tag-param';

export { DIMENSION_LABELS, FILTER_DIMENSIONS, type FilterDimension };

export const SORT_COLUMNS = ['key', 'requests', 'input', 'output', 'cost'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface ExplorerState {
  group: GroupSpec;
  granularity: Granularity;
  period: PeriodInput;
  /** Project slugs. */
  projects: string[];
  values: Partial<Record<FilterDimension, string[]>>;
  tags: Record<string, string[]>;
  sort: SortColumn;
  dir: 'asc' | 'desc';
}

const MAX_VALUE = 200;
const TAG_KEY = /^[A-Za-z0-9_.:\-/]{1,64}$/;

type Params = Record<string, string | string[] | undefined>;
/** A record's own entry: a tag key may be any name, `constructor` and `__proto__` included. */
const own = (record: Readonly<Record<string, string[]>>, key: string): string[] => (Object.hasOwn(record, key) ? record[key]! : []);
const trimmed = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s.length <= MAX_VALUE);
const all = (v: string | string[] | undefined): string[] => trimmed(v).filter((s) => s.length > 0);
const one = (v: string | string[] | undefined): string | undefined => all(v)[0];

export function parseGroup(text: string | undefined): GroupSpec {
  if (text?.startsWith('tag:') && TAG_KEY.test(text.slice(4))) return { tag: text.slice(4) };
  return GROUP_DIMENSIONS.includes(text as EventDimension) ? { dimension: text as EventDimension } : { dimension: 'mode' };
}

export const groupParam = (g: GroupSpec) => ('tag' in g ? `tag:${g.tag}` : g.dimension);
export const groupLabel = (g: GroupSpec) => ('tag' in g ? `Tag ${g.tag}` : DIMENSION_LABELS[g.dimension]);

export function parseExplorerState(params: Params): ExplorerState {
  const values: ExplorerState['values'] = {};
  for (const d of FILTER_DIMENSIONS) {
    // '' is kept: it filters to events without the dimension (the table's "(none)" row).
    const v = [...new Set(trimmed(params[d]))].sort();
    if (v.length > 0) values[d] = v;
  }
  // A Map, then entries: any tag key (`__proto__` too) becomes an own entry, never the prototype.
  const tagValues = new Map<string, Set<string>>();
  for (const pair of all(params.tag)) {
    const tag = parseTagFilterParam(pair);
    if (!tag || !TAG_KEY.test(tag.key)) continue;
    tagValues.set(tag.key, (tagValues.get(tag.key) ?? new Set()).add(tag.value));
  }
  const tags: Record<string, string[]> = Object.fromEntries([...tagValues].map(([k, v]) => [k, [...v].sort()]));
  return {
    group: parseGroup(one(params.group)),
    granularity: z.enum(GRANULARITIES).catch('day').parse(one(params.gran)),
    period: periodInputSchema.parse({ range: one(params.range), from: one(params.from), to: one(params.to) }),
    projects: [...new Set(all(params.project))].sort(),
    values,
    tags,
    sort: z.enum(SORT_COLUMNS).catch('cost').parse(one(params.sort)),
    dir: z.enum(['asc', 'desc']).catch('desc').parse(one(params.dir)),
  };
}

/** Canonical query string of a state (defaults left out). */
export function explorerSearch(state: ExplorerState): string {
  const p = new URLSearchParams();
  p.set('group', groupParam(state.group));
  p.set('gran', state.granularity);
  p.set('range', state.period.range);
  if (state.period.range === 'custom') {
    if (state.period.from) p.set('from', state.period.from);
    if (state.period.to) p.set('to', state.period.to);
  }
  for (const slug of state.projects) p.append('project', slug);
  for (const d of FILTER_DIMENSIONS) for (const v of state.values[d] ?? []) p.append(d, v);
  for (const [k, vs] of Object.entries(state.tags).sort(([a], [b]) => a.localeCompare(b)))
    for (const v of vs) p.append('tag', tagFilterParam(k, v));
  if (state.sort !== 'cost') p.set('sort', state.sort);
  if (state.dir !== 'desc') p.set('dir', state.dir);
  return p.toString();
}

/** The state with one filter value added or removed. */
export function toggleFilter(state: ExplorerState, group: GroupSpec, value: string): ExplorerState {
  const flip = (list: string[] | undefined) => {
    const set = new Set(list ?? []);
    if (set.has(value)) set.delete(value);
    else set.add(value);
    return [...set].sort();
  };
  // A filter toggled off to no values is no filter: the key goes, as it does in the URL.
  const withList = <T extends Record<string, string[] | undefined>>(map: T, key: string, list: string[]): T => {
    const { [key]: _dropped, ...rest } = map;
    return (list.length > 0 ? { ...rest, [key]: list } : rest) as T;
  };
  if ('tag' in group) return { ...state, tags: withList(state.tags, group.tag, flip(own(state.tags, group.tag))) };
  if (group.dimension === 'project') return { ...state, projects: flip(state.projects) };
  return { ...state, values: withList(state.values, group.dimension, flip(state.values[group.dimension])) };
}
