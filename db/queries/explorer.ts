/** The usage explorer's data for a URL state: one aggregate, shaped into the table, the chart and the CSV. */
import { bucketKeys, effectiveGranularity, type Granularity } from '@/lib/time/buckets';
import { resolvePeriod, type Period } from '@/lib/time/periods';
import type { ExplorerState } from '@/lib/usage/explorer-state';
import { explorerChart, explorerTable, type ExplorerRow } from '@/lib/usage/explorer-table';
import type { UsageFilter, UsageQuery, UsageSource } from '@/lib/usage/query';
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
  const granularity = effectiveGranularity(state.granularity, period);
  const bySlug = new Map(projects.map((p) => [p.slug, p.id]));
  const unknownProjects = state.projects.filter((s) => !bySlug.has(s));
  const projectIds = state.projects.map((s) => bySlug.get(s) ?? NO_PROJECT);
  const filter: UsageFilter = { projectIds, values: state.values, tags: state.tags };
  const query: UsageQuery = { from: period.from, to: period.to, timeZone, filter, groupBy: [state.group], granularity };
  return { query, period, granularity, unknownProjects };
}

export async function loadExplorer(
  db: Database,
  state: ExplorerState,
  context: { timeZone: string; projects: readonly ProjectRef[]; now: Date },
): Promise<ExplorerData> {
  const { query, period, granularity, unknownProjects } = explorerQuery(state, context);
  const { rows, source } = await aggregateUsage(db, query);
  const names = new Map(context.projects.map((p) => [p.id, p.slug]));
  const label =
    'dimension' in state.group && state.group.dimension === 'project' ? (id: string) => names.get(id) ?? id : (key: string) => key;
  const table = explorerTable(rows, label, state.sort, state.dir);
  const chart = explorerChart(rows, bucketKeys(period, granularity, context.timeZone), table);
  return { period, granularity, source, table, chart, unknownProjects };
}
