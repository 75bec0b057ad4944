/**
 * The one query behind every spend figure on the dashboards: sums of usage over a period, filtered,
 * grouped by up to three dimensions and optionally by time bucket in the organisation's zone. It
 * reads the smallest rollup that holds every dimension involved (lib/usage/query.ts decides), and
 * the raw events only when no rollup can answer.
 */
import { sql, type SQL } from 'drizzle-orm';
import { eventSumSql, rollupSumSql } from '@/db/ingest/measure-sql';
import { GRANULARITIES, type Granularity } from '@/lib/time/buckets';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';
import { DIMENSION_COLUMNS } from '@/lib/usage/dimensions';
import { measuresReadBy, READ_MEASURES, sumTotals, ZERO_TOTALS, type ReadMeasure, type UsageTotals } from '@/lib/usage/measures';
import { planSource, tagKeyOf, type GroupSpec, type UsageQuery, type UsageRow, type UsageSource } from '@/lib/usage/query';
import { type Database, driverOf } from '../client';
import { jsonRowsOf, rowsOf } from '../rows';
import { getDailyRollupZone } from './org-settings';

export { ZERO_TOTALS, type UsageRow, type UsageTotals };

/** The measures a query reads (the others come back as 0): lib/usage/measures.ts marks which. */
const keptMeasures = (query: UsageQuery): readonly ReadMeasure[] => measuresReadBy(query.measures);

/** Each kept measure summed from the source; as text (exact, converted by the caller) unless summed again. */
function measuresSql(query: UsageQuery, source: UsageSource, as: 'text' | 'numeric' = 'text'): SQL {
  return sql.raw(
    keptMeasures(query)
      .map((m) => `${source.kind === 'raw' ? eventSumSql(m) : rollupSumSql(m)}${as === 'text' ? '::text' : ''} as ${m.column}`)
      .join(', '),
  );
}

/** date_trunc's unit, as a literal (one of GRANULARITIES, never user text). */
function granularityLiteral(granularity: Granularity): SQL {
  if (!GRANULARITIES.includes(granularity)) throw new Error(`unknown granularity ${granularity}`);
  return sql.raw(`'${granularity}'`);
}

/** A bucket's key: its local start as `YYYY-MM-DDTHH:MM` (the same text as lib/time/buckets.ts bucketKey). */
function bucketSql(granularity: Granularity, column: SQL, timeZone: string): SQL {
  // The local time, truncated: the same value as date_trunc(unit, ts, zone) read in the zone.
  return sql`to_char(date_trunc(${granularityLiteral(granularity)}, ${column} at time zone ${timeZone}::text), 'YYYY-MM-DD"T"HH24:MI')`;
}

/** The same bucket key from a local calendar day (the daily rollups' `day`; never hourly: the planner does not send it). */
function dayBucketSql(granularity: Granularity, day: SQL): SQL {
  const start = granularity === 'day' ? day : sql`date_trunc(${granularityLiteral(granularity)}, ${day}::timestamp)`;
  return sql`to_char(${start}, 'YYYY-MM-DD"T00:00"')`;
}

/**
 * A raw-event column among values, '' meaning "none" (null or empty) as in the rollups. A plain
 * `column in (…)` keeps the planner's estimates, so newest-first walks of the primary key stay cheap.
 */
export function rawDimensionIn(column: string, values: readonly string[]): SQL {
  const named = values.filter((v) => v !== '');
  const parts = [
    ...(named.length > 0 ? [sql`${sql.raw(column)} in (${list(named)})`] : []),
    ...(named.length < values.length ? [sql`(${sql.raw(column)} is null or ${sql.raw(column)} = '')`] : []),
  ];
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Whether the source holds each event's whole tag map (`tags` jsonb): raw events and the tag-set rollup. */
const holdsTagMaps = (source: UsageSource) => source.kind === 'raw' || source.grain.tags === 'set';

function groupExpression(spec: GroupSpec, source: UsageSource): SQL {
  if ('tag' in spec) return holdsTagMaps(source) ? sql`coalesce(tags->>${spec.tag}, '')` : sql.raw('tag_value');
  const column = DIMENSION_COLUMNS[spec.dimension];
  return source.kind === 'raw' ? sql.raw(`coalesce(${column}::text, '')`) : sql.raw(`${column}::text`);
}

const timeColumn = (source: UsageSource) => sql.raw(source.kind === 'raw' ? 'occurred_at' : 'hour');
const isDaily = (source: UsageSource) => source.kind === 'rollup' && source.grain.bucket === 'day';
const localDay = (instant: Date, timeZone: string) => formatCalendarDate(localDate(instant, timeZone));

/**
 * The first whole UTC hour at or after an instant. Hour buckets hold the UTC hours that start within the
 * period, so raw events are cut at the same hours (the same instants in every whole-hour zone).
 */
const hourAtOrAfter = (instant: Date) => new Date(Math.ceil(instant.getTime() / 3_600_000) * 3_600_000).toISOString();

/** Postgres array text of uuids (one parameter, however many ids). */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

function whereClause(query: UsageQuery, source: UsageSource, comboIds?: readonly string[]): SQL {
  const parts: SQL[] = isDaily(source)
    ? [sql`day >= ${localDay(query.from, query.timeZone)}::date`, sql`day < ${localDay(query.to, query.timeZone)}::date`]
    : [
        sql`${timeColumn(source)} >= ${hourAtOrAfter(query.from)}::timestamptz`,
        sql`${timeColumn(source)} < ${hourAtOrAfter(query.to)}::timestamptz`,
      ];
  const { filter } = query;
  if (filter.projectIds.length > 0)
    parts.push(
      sql`project_id in (${sql.join(
        filter.projectIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  for (const [dimension, values] of Object.entries(filter.values)) {
    // With combination ids, a filter on a combination column is in the ids (and the facts may lack the column).
    if (!values || values.length === 0 || (comboIds && inCombo(source)(dimension))) continue;
    const column = DIMENSION_COLUMNS[dimension as keyof typeof DIMENSION_COLUMNS];
    parts.push(source.kind === 'raw' ? rawDimensionIn(column, values) : sql`${sql.raw(column)} in (${list(values)})`);
  }
  if (source.kind === 'rollup' && source.grain.tags === 'perTag') {
    const key = tagKeyOf(query)!; // the planner picks a per-tag rollup only for one tag key
    parts.push(sql`tag_key = ${key}`);
    const values = filter.tags[key];
    if (values && values.length > 0) parts.push(sql`tag_value in (${list(values)})`);
  } else if (comboIds) {
    parts.push(sql`combo_id = any(${uuidArray(comboIds)}::uuid[])`);
  } else {
    parts.push(...tagFilters(query));
  }
  return sql.join(parts, sql` and `);
}

const tagFilters = (query: UsageQuery): SQL[] =>
  Object.entries(query.filter.tags)
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => sql`tags->>${key} in (${list(values)})`);

/** The dimensions a combination grain stores in its combinations (usage_combos) rather than in its facts; none for other sources. */
function inCombo(source: UsageSource): (dimension: string) => boolean {
  const stored = source.kind === 'rollup' ? source.grain.stored : undefined;
  return (d) => stored?.columns.includes(DIMENSION_COLUMNS[d as keyof typeof DIMENSION_COLUMNS]) ?? false;
}

/** The filters on a combination grain's combination columns, as SQL over usage_combos. */
const comboFilters = (query: UsageQuery, source: UsageSource): SQL[] =>
  Object.entries(query.filter.values)
    .filter(([d, values]) => values && values.length > 0 && inCombo(source)(d))
    .map(([d, values]) => sql`${sql.raw(DIMENSION_COLUMNS[d as keyof typeof DIMENSION_COLUMNS])} in (${list(values!)})`);

/**
 * Whether a combination grain's facts answer the query without their combinations: nothing grouped is a
 * combination column, once the filters on them are a list of ids (by user for env = prod, or for one model:
 * no join at all).
 */
const factsAlone = (query: UsageQuery, source: UsageSource) =>
  query.groupBy.every((g) => 'dimension' in g && !inCombo(source)(g.dimension));

/** The most combination ids a filter without tags is sent as (a model filter at 10 M events keeps about 1,100). */
const MAX_COMBO_IDS = 20_000;

/**
 * The combinations a filter on their columns keeps (tags, model, task…), for a grain stored as facts and
 * combinations: the facts are then filtered by id, read alone when nothing grouped is in the combinations.
 * Postgres cannot estimate `tags->>k = v` (it guesses 0.5 %), and the guess made it sort 800,000 rows where a
 * hash aggregate takes a fraction; a list of ids it estimates well, and the facts need no join to their
 * combinations. Undefined: no such filter, or — without a tag filter — more than MAX_COMBO_IDS combinations
 * (the join then costs less than sending the list).
 */
async function comboIdsOf(db: Database, query: UsageQuery, source: UsageSource): Promise<string[] | undefined> {
  if (source.kind !== 'rollup' || !source.grain.stored) return undefined;
  const tags = tagFilters(query);
  const filters = [...comboFilters(query, source), ...tags];
  if (filters.length === 0) return undefined;
  const { projectIds } = query.filter;
  if (projectIds.length > 0)
    filters.push(
      sql`project_id in (${sql.join(
        projectIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  const rows = rowsOf<{ id: string }>(
    await db.execute(
      sql`select id::text from ${sql.raw(source.grain.stored.combos)} where ${sql.join(filters, sql` and `)}${
        tags.length > 0 ? sql`` : sql` limit ${MAX_COMBO_IDS + 1}`
      }`,
    ),
  );
  return tags.length === 0 && rows.length > MAX_COMBO_IDS ? undefined : rows.map((r) => r.id);
}

/** The source's own time bucket: the UTC hour (rollups by hour, and raw events truncated to theirs) or the local day. */
function nativeTimeSql(source: UsageSource): SQL {
  if (isDaily(source)) return sql.raw('day');
  return sql.raw(source.kind === 'raw' ? `date_trunc('hour', occurred_at, 'UTC')` : 'hour');
}

/**
 * The statement for a query and its source (exported for the benchmark, which times it and its raw twin).
 * With time buckets it aggregates twice: first by the source's own hour or day, then those few rows into
 * the zone's buckets — so the costly local-time conversion runs per group, not per stored row. Raw
 * events are bucketed by their UTC hour like the rollups (the same buckets in every whole-hour zone).
 */
export function usageSql(query: UsageQuery, source: UsageSource, comboIds?: readonly string[]): SQL {
  const table = sql.raw(
    source.kind === 'raw' ? 'usage_events' : comboIds && factsAlone(query, source) ? source.grain.stored!.facts : source.grain.table,
  );
  const keys = query.groupBy.map((g, i) => sql`${groupExpression(g, source)} as ${sql.raw(`k${i}`)}`);
  const positions = (count: number) =>
    count > 0 ? sql.raw(` group by ${Array.from({ length: count }, (_, i) => i + 1).join(', ')}`) : sql``;
  if (!query.granularity) {
    return sql`select ${sql.join([...keys, measuresSql(query, source)], sql`, `)} from ${table} where
      ${whereClause(query, source, comboIds)}${positions(keys.length)}`;
  }
  const inner = sql`select ${sql.join([sql`${nativeTimeSql(source)} as t`, ...keys, measuresSql(query, source, 'numeric')], sql`, `)}
    from ${table} where ${whereClause(query, source, comboIds)}${positions(keys.length + 1)}`;
  const bucket = isDaily(source)
    ? dayBucketSql(query.granularity, sql.raw('t'))
    : bucketSql(query.granularity, sql.raw('t'), query.timeZone);
  const outerKeys = query.groupBy.map((_, i) => sql.raw(`k${i}`));
  const sums = sql.raw(
    keptMeasures(query)
      .map((m) => `sum(${m.column})::text as ${m.column}`)
      .join(', '),
  );
  const columns = sql.join([sql`${bucket} as bucket`, ...outerKeys, sums], sql`, `);
  return sql`select ${columns} from (${inner}) s${positions(outerKeys.length + 1)}`;
}

type Raw = { bucket?: string } & Record<string, string | null | undefined>;

/**
 * usageSql's rows. On PGlite as one JSON value (db/rows.ts jsonRowsOf): a view by user is thousands of rows, each
 * field a copy there (30 days at 1 M events: 130 → 90 ms). On Postgres typed: there the JSON read measured 15–25 %
 * slower (the same views at 10 M).
 */
async function usageRows(db: Database, query: UsageQuery, statement: SQL): Promise<Raw[]> {
  if (driverOf(db) !== 'pglite') return rowsOf<Raw>(await db.execute(statement));
  const columns = [
    ...(query.granularity ? ['bucket'] : []),
    ...query.groupBy.map((_, i) => `k${i}`),
    ...keptMeasures(query).map((m) => m.column),
  ];
  return jsonRowsOf<Raw>((q) => db.execute(q), statement, columns);
}

function toRow(r: Raw, groups: number): UsageRow {
  const row = { bucket: r.bucket ?? null, keys: Array.from({ length: groups }, (_, i) => r[`k${i}`] ?? ''), ...ZERO_TOTALS };
  for (const m of READ_MEASURES) row[m.key] = Number(r[m.column] ?? 0);
  return row;
}

export interface UsageResult {
  rows: UsageRow[];
  source: UsageSource;
}

/**
 * Runs a usage query. Grouped by a tag key from the per-tag rollup, events without that tag are added
 * back as the '' value (all usage minus the tagged part, per bucket and other keys), so the rows always
 * sum to the same total.
 */
export async function aggregateUsage(db: Database, query: UsageQuery, forced?: UsageSource): Promise<UsageResult> {
  // Undefined during a zone change for a query reaching days not moved yet: hour grains answer it instead.
  const dailyZone = await getDailyRollupZone(db, query.from);
  const source = forced ?? planSource(query, dailyZone);
  const comboIds = await comboIdsOf(db, query, source);
  let rows = (await usageRows(db, query, usageSql(query, source, comboIds))).map((r) => toRow(r, query.groupBy.length));
  const tagIndex = query.groupBy.findIndex((g) => 'tag' in g);
  if (source.kind === 'rollup' && source.grain.tags === 'perTag' && tagIndex >= 0 && !query.filter.tags[tagKeyOf(query)!]?.length) {
    // Events tagged with an empty value share the '' row with the untagged ones.
    rows = mergeSameKeys([...rows, ...(await untaggedRows(db, query, tagIndex, rows, dailyZone))]);
  }
  return { rows: rows.filter((r) => r.requests !== 0), source };
}

async function untaggedRows(
  db: Database,
  query: UsageQuery,
  tagIndex: number,
  tagged: UsageRow[],
  dailyZone: string | undefined,
): Promise<UsageRow[]> {
  const others = query.groupBy.filter((_, i) => i !== tagIndex);
  const everything: UsageQuery = { ...query, groupBy: others, filter: { ...query.filter, tags: {} } };
  const all = (await usageRows(db, everything, usageSql(everything, planSource(everything, dailyZone)))).map((r) =>
    toRow(r, others.length),
  );
  const idOf = (bucket: string | null, keys: readonly string[]) => JSON.stringify([bucket, keys]);
  const taggedByKey = new Map<string, UsageTotals>();
  for (const t of tagged) {
    const id = idOf(
      t.bucket,
      t.keys.filter((_, i) => i !== tagIndex),
    );
    taggedByKey.set(id, sumTotals([taggedByKey.get(id) ?? ZERO_TOTALS, t]));
  }
  return all.map((total) => {
    const keys = [...total.keys];
    keys.splice(tagIndex, 0, '');
    const rest: UsageRow = { ...total, keys };
    const part = taggedByKey.get(idOf(total.bucket, total.keys)) ?? ZERO_TOTALS;
    for (const m of READ_MEASURES) rest[m.key] -= part[m.key];
    return rest;
  });
}

/** Rows with the same bucket and keys summed into one (first-seen order). */
function mergeSameKeys(rows: readonly UsageRow[]): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  for (const r of rows) {
    const id = JSON.stringify([r.bucket, r.keys]);
    const seen = byKey.get(id);
    byKey.set(id, seen ? { ...seen, ...sumTotals([seen, r]) } : r);
  }
  return [...byKey.values()];
}

/** Sums rows (all measures). */
export const sumRows = (rows: readonly UsageTotals[]): UsageTotals => sumTotals(rows);
