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

async function distinctValues(db: Database, dimension: ValueDimension, window: ValueWindow, match: (column: SQL) => SQL | undefined) {
  const projects = window.projectIds?.length ? window.projectIds : undefined;
  if (dimension.startsWith('tag:')) {
    const t = usageHourlyTags;
    const rows = await db
      .selectDistinct({ value: t.tagValue })
      .from(t)
      .where(
        and(
          eq(t.tagKey, dimension.slice(4)),
          gte(t.hour, window.from),
          lt(t.hour, window.to),
          projects ? inArray(t.projectId, [...projects]) : undefined,
          ne(t.tagValue, ''),
          match(sql`${t.tagValue}`),
        ),
      )
      .orderBy(t.tagValue)
      .limit(500);
    return rows.map((r) => r.value);
  }
  const d = dimension as FilterDimension;
  const table = TABLE_OF[d];
  const column = DAILY_COLUMN[d];
  const rows = await db
    .selectDistinct({ value: column })
    .from(table)
    .where(
      and(
        gte(table.day, window.fromDay),
        lte(table.day, window.toDay),
        projects ? inArray(table.projectId, [...projects]) : undefined,
        ne(column, ''),
        match(sql`${column}`),
      ),
    )
    .orderBy(column)
    .limit(500);
  return rows.map((r) => r.value);
}

/** Up to 500 values seen in the window, in order. */
export async function listDimensionValues(db: Database, { dimension, window }: { dimension: ValueDimension; window: ValueWindow }) {
  return distinctValues(db, dimension, window, () => undefined);
}

/** The stored values equal to any of `values` ignoring case (the exact spellings to filter on). */
export async function listDimensionValuesLike(
  db: Database,
  { dimension, values, window }: { dimension: ValueDimension; values: readonly string[]; window: ValueWindow },
) {
  const lowered = [...new Set(values.map((v) => v.toLowerCase()))];
  if (lowered.length === 0) return [];
  return distinctValues(db, dimension, window, (column) => inArray(sql`lower(${column})`, lowered));
}
