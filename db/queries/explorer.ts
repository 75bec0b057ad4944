/** The usage explorer's data for a URL state: one aggregate, shaped into the table, the chart and the CSV. */
import { bucketKeys, effectiveGranularity, MAX_HOURLY_DAYS, type Granularity } from '@/lib/time/buckets';
import { dayCount, resolvePeriod, type Period } from '@/lib/time/periods';
import type { ExplorerState } from '@/lib/usage/explorer-state';
import { explorerChart, explorerTable, type ExplorerRow } from '@/lib/usage/explorer-table';
import { MAX_RAW_HOURLY_DAYS, plannedGranularity, type UsageFilter, type UsageQuery, type UsageSource } from '@/lib/usage/query';
import type { Database } from '../client';
import { aggregateUsage } from './usage-aggregate';

export interface ProjectRef {
  id: string;
  slug: string;
  name: string;
}

export interface ExplorerData {
  period: Period;
  granularity: Granularity;
  /** Hour buckets are offered for periods up to this many days (shown when the view falls back to days). */
  hourlyLimitDays: number;
  source: UsageSource;
  table: ExplorerRow[];
  chart: ReturnType<typeof explorerChart>;
  unknownProjects: string[];
}

/** A uuid no project has: an unknown slug in a link filters to nothing rather than to everything. */
const NO_PROJECT = '00000000-0000-0000-0000-000000000000';

export function explorerQuery(
  state: ExplorerState,
  { timeZone, projects, now }: { timeZone: string; projects: readonly ProjectRef[]; now: Date },
) {
  const period = resolvePeriod(state.period, now, timeZone);
  const bySlug = new Map(projects.map((p) => [p.slug, p.id]));
  const unknownProjects = state.projects.filter((s) => !bySlug.has(s));
  const projectIds = state.projects.map((s) => bySlug.get(s) ?? NO_PROJECT);
  const filter: UsageFilter = { projectIds, values: state.values, tags: state.tags };
  const asked: UsageQuery = {
    from: period.from,
    to: period.to,
    timeZone,
    filter,
    groupBy: [state.group],
    granularity: effectiveGranularity(state.granularity, period),
  };
  // Hours no hour rollup holds come from raw events: only over a few days, otherwise days from a day rollup.
  const granularity = plannedGranularity(asked, dayCount(period)) ?? 'day';
  const hourlyLimitDays = asked.granularity === 'hour' && granularity !== 'hour' ? MAX_RAW_HOURLY_DAYS : MAX_HOURLY_DAYS;
  return { query: { ...asked, granularity }, period, granularity, unknownProjects, hourlyLimitDays };
}

export async function loadExplorer(
  db: Database,
  state: ExplorerState,
  context: { timeZone: string; projects: readonly ProjectRef[]; now: Date },
): Promise<ExplorerData> {
  const { query, period, granularity, unknownProjects, hourlyLimitDays } = explorerQuery(state, context);
  const { rows, source } = await aggregateUsage(db, query);
  const names = new Map(context.projects.map((p) => [p.id, p.slug]));
  const label =
    'dimension' in state.group && state.group.dimension === 'project' ? (id: string) => names.get(id) ?? id : (key: string) => key;
  const table = explorerTable(rows, label, state.sort, state.dir);
  const chart = explorerChart(rows, bucketKeys(period, granularity, context.timeZone), table);
  return { period, granularity, hourlyLimitDays, source, table, chart, unknownProjects };
}
