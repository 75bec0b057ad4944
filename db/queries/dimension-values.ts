/**
 * The values a dimension (or a tag key) holds, read from the smallest rollup that keeps it: what filter
 * inputs offer, and how a typed value is matched without regard to case before the exact values are
 * filtered on (so no aggregate has to compare lower-cased text).
 */
import { and, eq, gte, inArray, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { FilterDimension } from '@/lib/usage/explorer-state';
import type { Database } from '../client';
import { usageDaily, usageDailyModels, usageDailyUserModes, usageHourlyTags } from '../schema';

/** A dimension of the explorer, or `tag:<key>`. */
export type ValueDimension = FilterDimension | `tag:${string}`;

const DAILY_COLUMN = {
  mode: usageDailyModels.mode,
  provider: usageDailyModels.provider,
  model: usageDailyModels.model,
  tier: usageDailyModels.tier,
  routing: usageDailyModels.routingRuleId,
  task: usageDaily.task,
  status: usageDaily.status,
  user: usageDailyUserModes.userId,
} as const;

const TABLE_OF = {
  mode: usageDailyModels,
  provider: usageDailyModels,
  model: usageDailyModels,
  tier: usageDailyModels,
  routing: usageDailyModels,
  task: usageDaily,
  status: usageDaily,
  user: usageDailyUserModes,
} as const;

/** Local days (YYYY-MM-DD, inclusive) for the daily rollups; instants [from, to) for the hourly tag rollup. */
export interface ValueWindow {
  fromDay: string;
  toDay: string;
  from: Date;
  to: Date;
  /** None: every project. */
  projectIds?: readonly string[];
}

/** A window, or all time (no bound) for a view without a period. */
type Window = ValueWindow | { projectIds?: readonly string[] };
const bounded = (w: Window): w is ValueWindow => 'fromDay' in w;

/** The matching rows' values (and with `byProject`, their projects), from the rollup that keeps the dimension. */
async function valueRows(
  db: Database,
  dimension: ValueDimension,
  window: Window,
  match: (column: SQL) => SQL | undefined,
  limit = 100_000,
) {
  const projects = window.projectIds?.length ? [...window.projectIds] : undefined;
  if (dimension.startsWith('tag:')) {
    const t = usageHourlyTags;
    return db
      .selectDistinct({ projectId: t.projectId, value: t.tagValue })
      .from(t)
      .where(
        and(
          eq(t.tagKey, dimension.slice(4)),
          bounded(window) ? gte(t.hour, window.from) : undefined,
          bounded(window) ? lt(t.hour, window.to) : undefined,
          projects ? inArray(t.projectId, projects) : undefined,
          match(sql`${t.tagValue}`),
        ),
      )
      .limit(limit);
  }
  const d = dimension as FilterDimension;
  const table = TABLE_OF[d];
  const column = DAILY_COLUMN[d];
  return db
    .selectDistinct({ projectId: table.projectId, value: column })
    .from(table)
    .where(
      and(
        bounded(window) ? gte(table.day, window.fromDay) : undefined,
        bounded(window) ? lte(table.day, window.toDay) : undefined,
        projects ? inArray(table.projectId, projects) : undefined,
        match(sql`${column}`),
      ),
    )
    .limit(limit);
}

const lowered = (values: readonly string[]) => [...new Set(values.map((v) => v.toLowerCase()))];

/** Up to 500 values seen in the window, in order (never '', which stands for "none"). */
export async function listDimensionValues(db: Database, { dimension, window }: { dimension: ValueDimension; window: ValueWindow }) {
  const rows = await valueRows(db, dimension, window, (column) => ne(column, ''), 5000);
  return [...new Set(rows.map((r) => r.value))].sort().slice(0, 500);
}

/** The stored values equal to any of `values` ignoring case (the exact spellings to filter on). */
export async function listDimensionValuesLike(
  db: Database,
  { dimension, values, window }: { dimension: ValueDimension; values: readonly string[]; window: Window },
) {
  if (values.length === 0) return [];
  const rows = await valueRows(db, dimension, window, (column) => inArray(sql`lower(${column})`, lowered(values)));
  return [...new Set(rows.map((r) => r.value))].sort();
}

/**
 * The same, with the projects that hold each spelling ('' matches events without the dimension): the
 * projects a raw view filtered by this dimension need to read at all.
 */
export async function listDimensionValueProjects(
  db: Database,
  { dimension, values, window }: { dimension: ValueDimension; values: readonly string[]; window: Window },
) {
  if (values.length === 0) return [];
  return valueRows(db, dimension, window, (column) => inArray(sql`lower(${column})`, lowered(values)));
}
