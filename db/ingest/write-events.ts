/**
 * The write path for usage events: one SQL statement per batch that records new ids, stores the new
 * events and adds them to every rollup. A single statement is atomic: all of it or none. Only events whose id was new reach the
 * rollups, so rollups equal the raw events exactly, whatever the retries. Rows and rollup keys are
 * written in sorted order so concurrent batches take their locks in the same order (no deadlocks).
 */
import type { DatabaseHandle } from '@/db/client';
import { noteUsageWritten } from '@/db/maintenance';
import { SESSION_MEASURES } from '@/lib/ingest/rollup-deltas';
import {
  type ComboStorage,
  DAY_GRAINS,
  factKey,
  grainKey,
  rebuildSourceOf,
  ROLLUP_GRAINS,
  TAG_SET_MAX_TEXT_BYTES,
  type RollupGrain,
  writtenTables,
} from '@/lib/ingest/rollup-grains';
import type { UsageEventRow } from '@/lib/ingest/to-row';
import { keyOnlyColumn } from '@/lib/usage/dimensions';
import { EVENT_FIELDS, type Measure } from '@/lib/usage/measures';
import { addExcludedSql, eventSumSql, measureColumnsSql } from './measure-sql';

type Getter = (r: UsageEventRow) => string | number | boolean | null | undefined;

/** Each stored column, its SQL type, and how to read it from a row; sent as one JSON array of arrays. */
const COLUMNS: [string, string, Getter][] = [
  ['event_id', 'text', (r) => r.eventId],
  ['occurred_at', 'timestamptz', (r) => r.occurredAt.toISOString()],
  ['mode', 'text', (r) => r.mode],
  ['task', 'text', (r) => r.task],
  ['user_id', 'text', (r) => r.userId],
  ['session_id', 'text', (r) => r.sessionId],
  ['turn', 'int4', (r) => r.turn],
  ['provider', 'text', (r) => r.provider],
  ['model', 'text', (r) => r.model],
  ['requested_model', 'text', (r) => r.requestedModel],
  ['routing_rule_id', 'text', (r) => r.routingRuleId],
  ['routing_version', 'int4', (r) => r.routingVersion],
  ['routing_tier', 'text', (r) => r.routingTier],
  ['tier', 'text', (r) => r.tier],
  ['input_tokens', 'int8', (r) => r.inputTokens],
  ['cache_read_tokens', 'int8', (r) => r.cacheReadTokens],
  ['cache_write_5m_tokens', 'int8', (r) => r.cacheWrite5mTokens],
  ['cache_write_1h_tokens', 'int8', (r) => r.cacheWrite1hTokens],
  ['output_tokens', 'int8', (r) => r.outputTokens],
  ['reasoning_tokens', 'int8', (r) => r.reasoningTokens],
  ['latency_ms', 'int4', (r) => r.latencyMs],
  ['ttft_ms', 'int4', (r) => r.ttftMs],
  ['status', 'text', (r) => r.status],
  ['cost_micros', 'int8', (r) => r.costMicros],
  ['cache_savings_micros', 'int8', (r) => r.cacheSavingsMicros],
  ['price_source', 'text', (r) => r.priceSource],
  ['reported_cost_micros', 'int8', (r) => r.reportedCostMicros],
  ['cost_mismatch', 'bool', (r) => r.costMismatch],
  ['outcome_success', 'bool', (r) => r.outcomeSuccess],
  ['outcome_score', 'float4', (r) => r.outcomeScore],
  ['outcome_feedback', 'text', (r) => r.outcomeFeedback],
  ['tags', 'jsonb', (r) => r.tags as never],
];

const names = COLUMNS.map(([n]) => n);
/** The stored columns after project_id, in the order toColumnArrays gives them (the benchmark's COPY). */
export const EVENT_COLUMN_NAMES: readonly string[] = names;
// One jsonb parameter (an array of row arrays), parsed once by Postgres: far less work in Node than
// 32 escaped text arrays. (json_to_recordset with row objects measured slower overall.)
const typedSelect = COLUMNS.map(([n, t]) => (t === 'jsonb' ? `coalesce(i.${n}::jsonb, '{}'::jsonb)` : `i.${n}::${t}`)).join(', ');

/** A grain's measures summed from a set of events, in column order. */
const eventSums = (measures: readonly Measure[]) => measures.map(eventSumSql).join(', ');

/**
 * The organisation's time zone, read inside the statement: a zone change locks the daily rollup and
 * rebuilds it (db/queries/org-settings.ts), so a statement that reaches that table sees the new zone.
 */
export const ORG_ZONE_SQL = `(select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC'))`;

/**
 * While a zone change moves the day rollups (db/queries/org-settings.ts `moveDayRollups`), hours before its
 * cutover still belong to the days of the previous zone: `{ previous, before }` under key time_zone_change.
 */
const ZONE_CHANGE_SQL = (field: 'previous' | 'before') => `(select value ->> '${field}' from org_settings where key = 'time_zone_change')`;

/**
 * An event's UTC hour, and the local day of that hour: the grains' buckets. The day is in the organisation's
 * zone, or — during a zone change, for an hour before its cutover — in the previous zone, so a writer puts
 * each hour where the change has (or has not yet) put the rest of that hour.
 */
const UTC_HOUR_SQL = `date_trunc('hour', occurred_at, 'UTC')`;
const LOCAL_DAY_SQL = `(${UTC_HOUR_SQL} at time zone (case when ${UTC_HOUR_SQL} < coalesce(${ZONE_CHANGE_SQL('before')}::timestamptz,
  '-infinity') then ${ZONE_CHANGE_SQL('previous')} else ${ORG_ZONE_SQL} end))::date`;
/** The write statement's new events carry both buckets, computed once per event rather than once per grain. */
const BUCKET_COLUMNS = `${UTC_HOUR_SQL} as utc_hour, ${LOCAL_DAY_SQL} as local_day`;
const NEW_EVENTS = 'ins';

/** A grain's bucket of an event: its UTC hour, or the local day of that hour (in `zone`, a SQL literal, when given). */
const bucketOf = (grain: RollupGrain, events: string, zone?: string) =>
  events === NEW_EVENTS
    ? grain.bucket === 'hour'
      ? 'utc_hour'
      : 'local_day'
    : grain.bucket === 'hour'
      ? UTC_HOUR_SQL
      : zone
        ? `(${UTC_HOUR_SQL} at time zone ${zone})::date`
        : LOCAL_DAY_SQL;

/** A key column as summed from events: a per-tag pair from the tag expansion, the tag map as it is, any other column '' when missing. */
const KEY_EXPRESSIONS: Record<string, string> = { tag_key: 't.key', tag_value: 't.value', tags: 'tags' };
const keyExpression = (column: string) => KEY_EXPRESSIONS[column] ?? keyOnlyExpression(column) ?? `coalesce(${column}, '')`;

/** A band of a numeric column (KEY_ONLY_COLUMNS): width_bucket over its bounds, as text; a null value is band 0. */
function keyOnlyExpression(column: string): string | undefined {
  const c = keyOnlyColumn(column);
  if (!c || !('bounds' in c)) return undefined;
  return `coalesce(width_bucket(${EVENT_FIELDS[c.field]}, array[${c.bounds.join(', ')}]::int8[]), 0)::text`;
}

/** The grain's rows (key columns, then its measures) summed from a set of events (those meeting `condition`, if any), in key order. */
export function grainSelect(grain: RollupGrain, events: string, condition = '', zone?: string): string {
  const dims = grain.keyColumns.map(keyExpression);
  const from = grain.tags === 'perTag' ? `${events} cross join lateral jsonb_each_text(${events}.tags) t` : events;
  const conditions = [condition, grain.tags === 'set' ? `octet_length(${events}.tags::text) <= ${TAG_SET_MAX_TEXT_BYTES}` : ''].filter(
    Boolean,
  );
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const positions = grainKey(grain).map((_, i) => i + 1);
  // Written in key order with the bucket first: any fixed order keeps concurrent batches from deadlocking,
  // and time first lays a rebuilt rollup out in time order, as live ingestion does (the BRIN indexes rely on it).
  const order = [2, 1, ...positions.slice(2)];
  return `select ${['project_id', bucketOf(grain, events, zone), ...dims, eventSums(grain.measures)].join(', ')}
  from ${from}${where ? ` ${where}` : ''} group by ${positions.join(', ')} order by ${order.join(', ')}`;
}

/**
 * A combination's id, from its project and values (usage_combos): the md5 of their JSON texts, as a uuid.
 * The same values give the same id in every writer, so none looks an id up; JSON quoting keeps distinct
 * values apart, and the project makes ids unique across projects, so facts join their combination on the
 * id alone (a join the planner does by hash: with the project too, it misjudged tag filters into a 5 s loop).
 */
export function comboIdSql(columns: readonly string[], alias = ''): string {
  const parts = columns.map((c) => (c === 'tags' ? `${alias}tags::text` : `to_json(coalesce(${alias}${c}, ''))::text`));
  return `md5(concat_ws(',', ${alias}project_id::text, ${parts.join(', ')}))::uuid`;
}

/** Every grain stored as facts and combinations shares this one combination column list. */
const COMBO_GRAIN = ROLLUP_GRAINS.find((g) => g.stored);

type Cte = { name: string; sql: string };

/**
 * The statements that add a grain's sums over `events` to what is stored: one upsert, or for a grain stored
 * as facts and combinations, the events' new combinations and then the facts (`events` rows carry
 * `combo_id` when they are the write statement's new events).
 */
function grainWrites(grain: RollupGrain, events: string, condition = ''): Cte[] {
  if (!grain.stored) {
    const key = grainKey(grain);
    const upsert = `insert into ${grain.table} as g (${key.join(', ')}, ${measureColumnsSql(grain.measures)})
  ${grainSelect(grain, events, condition)}
  on conflict (${key.join(', ')}) do update set ${addExcludedSql(grain.measures, 'g')}`;
    return [{ name: grain.name, sql: upsert }];
  }
  const { facts, combos, columns } = grain.stored;
  const id = events === NEW_EVENTS ? 'combo_id' : comboIdSql(columns);
  const conditions = [condition, `octet_length(tags::text) <= ${TAG_SET_MAX_TEXT_BYTES}`].filter(Boolean).join(' and ');
  const e = `(select ${events}.*, ${id} as cid from ${events} where ${conditions}) e`;
  const comboValues = columns.map(keyExpression).join(', ');
  const key = factKey(grain as RollupGrain & { stored: ComboStorage });
  const others = key.slice(2, -1).map(keyExpression);
  const positions = key.map((_, i) => i + 1);
  return [
    {
      // Named by the table: grains sharing it share one insert of the batch's new combinations.
      name: `${combos}_new`,
      sql: `insert into ${combos} (project_id, id, ${columns.join(', ')})
  select distinct on (project_id, cid) project_id, cid, ${comboValues} from ${e} order by project_id, cid
  on conflict do nothing`,
    },
    {
      name: grain.name,
      sql: `insert into ${facts} as g (${key.join(', ')}, ${measureColumnsSql(grain.measures)})
  select ${['project_id', bucketOf(grain, events), ...others, 'cid', eventSums(grain.measures)].join(', ')} from ${e}
  group by ${positions.join(', ')} order by ${[2, 1, ...positions.slice(2)].join(', ')}
  on conflict (${key.join(', ')}) do update set ${addExcludedSql(grain.measures, 'g')}`,
    },
  ];
}

/**
 * Adds delta rows (CTE `d`: a grain's key columns and measures, as rollupDeltas computes them) to what is
 * stored: an upsert, or for facts and combinations, the rows' combinations first. The rows' key order.
 */
export function upsertDeltasSql(grain: RollupGrain): string {
  const measures = measureColumnsSql(grain.measures);
  const set = addExcludedSql(grain.measures, 't');
  if (!grain.stored) {
    const key = grainKey(grain).join(', ');
    return `insert into ${grain.table} as t (${key}, ${measures}) select ${key}, ${measures} from d
  on conflict (${key}) do update set ${set}`;
  }
  const { facts, combos, columns } = grain.stored;
  const key = factKey(grain as RollupGrain & { stored: ComboStorage });
  const others = key.slice(0, -1).join(', ');
  return `, e as (select d.*, ${comboIdSql(columns, 'd.')} as cid from d),
c as (
  insert into ${combos} (project_id, id, ${columns.join(', ')})
  select distinct on (project_id, cid) project_id, cid, ${columns.join(', ')} from e order by project_id, cid
  on conflict do nothing
)
insert into ${facts} as t (${key.join(', ')}, ${measures})
  select ${others}, cid, ${measures} from e order by ${[2, 1, ...key.slice(2).map((_, i) => i + 3)].join(', ')}
on conflict (${key.join(', ')}) do update set ${set}`;
}

/** A grain's writes as one statement of its own. */
function grainInsert(grain: RollupGrain, events: string, condition = ''): string {
  const writes = grainWrites(grain, events, condition);
  if (writes.length === 1) return writes[0]!.sql;
  return `with ${writes.map((w) => `${w.name} as (\n  ${w.sql}\n  returning 1\n)`).join(',\n')}
select ${writes.map((w) => `(select count(*) from ${w.name})`).join(' + ')} as rows`;
}

/** The CTEs of the write statement for a grain: the new events summed by the grain's key, added to what is stored. */
const grainCtes = (grain: RollupGrain) =>
  grainWrites(grain, NEW_EVENTS).map((w) => ({ name: w.name, cte: `${w.name} as (\n  ${w.sql}\n  returning 1\n)` }));

const ZONE_NAME = /^[A-Za-z0-9_+\-/]+$/;

/**
 * One step of a zone change for a day grain: the hours in [from, to) (UTC, hour-aligned) leave their days in
 * `previous` for their days in `zone` — their sums are taken from the day rows of the previous zone and added to
 * those of the new one, in one upsert of deltas; rows left with no request are deleted. The sums come from the
 * grain's hour grain, or from the raw events (whose dropped months stay in the days they were written in).
 */
export function moveDayGrainSql(grain: RollupGrain, { previous, zone, from, to }: ZoneMove): string[] {
  if (!ZONE_NAME.test(previous) || !ZONE_NAME.test(zone)) throw new Error('invalid zone');
  const [a, b] = [from.toISOString(), to.toISOString()];
  const key = grainKey(grain);
  const measures = grain.measures.map((m) => m.column);
  const source = rebuildSourceOf(grain);
  const sides =
    source === 'raw'
      ? (['zone', 'previous'] as const).map((side) => {
          const select = grainSelect(
            grain,
            'usage_events',
            `occurred_at >= '${a}' and occurred_at < '${b}'`,
            `'${side === 'zone' ? zone : previous}'`,
          );
          const sign = side === 'zone' ? '' : '-';
          const names = [...key, ...measures].join(', ');
          return `select ${key.join(', ')}, ${measures.map((m) => `${sign}${m}`).join(', ')} from (${select}) s(${names})`;
        })
      : [zone, previous].map((z, i) => {
          const cols = grain.keyColumns.map((c) => `, ${c}`).join('');
          const sign = i === 0 ? '' : '-';
          return `select project_id, (hour at time zone '${z}')::date as day${cols}, ${measures.map((m) => `${sign}${m}`).join(', ')}
    from ${source.table} where hour >= '${a}' and hour < '${b}'`;
        });
  const d = `with d as (select ${key.join(', ')}, ${measures.map((m) => `sum(${m})::bigint as ${m}`).join(', ')}
  from (${sides.join('\n  union all\n  ')}) x group by ${key.join(', ')})`;
  const table = grain.stored?.facts ?? grain.table;
  // The days the hours can fall on in either zone (offsets differ by at most 26 h).
  const days = `day >= ('${a}'::timestamptz at time zone 'UTC')::date - 2 and day <= ('${b}'::timestamptz at time zone 'UTC')::date + 2`;
  return [`${d}\n${upsertDeltasSql(grain)}`, `delete from ${table} where requests = 0 and ${days}`];
}

export interface ZoneMove {
  previous: string;
  zone: string;
  from: Date;
  to: Date;
}

/** Locks every day grain: `exclusive` while a zone change rebuilds them, `row exclusive` to write deltas. */
export const lockDayGrainsSql = (mode: 'exclusive' | 'row exclusive') =>
  `lock table ${[...new Set(DAY_GRAINS.flatMap(writtenTables))].join(', ')} in ${mode} mode`;

/** Adds the events' sums to their sessions (a session's span and turn count only grow). */
function sessionsInsert(events: string): string {
  const columns = measureColumnsSql(SESSION_MEASURES);
  return `insert into usage_sessions as s (project_id, session_id, user_id, first_at, last_at, max_turn, ${columns})
  select project_id, session_id, coalesce(max(user_id), ''), min(occurred_at), max(occurred_at), coalesce(max(turn), 0),
    ${eventSums(SESSION_MEASURES)}
  from ${events} where session_id is not null group by 1, 2 order by 1, 2
  on conflict (project_id, session_id) do update set
    first_at = least(s.first_at, excluded.first_at), last_at = greatest(s.last_at, excluded.last_at),
    max_turn = greatest(s.max_turn, excluded.max_turn),
    user_id = case when s.user_id = '' then excluded.user_id else s.user_id end,
    ${addExcludedSql(SESSION_MEASURES, 's')}`;
}

/** The session rollup rebuilt from the stored events with the write path's own statement. */
export const rebuildSessionsSql = () => sessionsInsert('usage_events');

/** The rollups rebuilt from the stored events with the write path's own statement (the benchmark's loader). */
export const rebuildRollupSql = (grain: RollupGrain) => grainInsert(grain, 'usage_events');

/** The write statement maintaining these grains (all of them in the app; the grain-cost benchmark times subsets). */
export function writeEventsSql(grains: readonly RollupGrain[] = ROLLUP_GRAINS, sessions = true): string {
  const rollups = [
    ...grains.flatMap(grainCtes).filter((c, i, all) => all.findIndex((d) => d.name === c.name) === i),
    ...(sessions ? [{ name: 'sessions', cte: `sessions as (\n  ${sessionsInsert('ins')}\n  returning 1\n)` }] : []),
  ];
  return `
with input as (
  select ${COLUMNS.map(([n], i) => `r->>${i} as ${n}`).join(', ')} from jsonb_array_elements($2::jsonb) as r
),
fresh as (
  insert into usage_event_ids (project_id, event_id, occurred_at)
  select $1::uuid, i.event_id, i.occurred_at::timestamptz from input i order by i.event_id
  on conflict do nothing
  returning event_id
),
ins as (
  insert into usage_events (project_id, ${names.join(', ')})
  select $1::uuid, ${typedSelect} from input i join fresh f on f.event_id = i.event_id
  order by i.event_id
  returning *, ${BUCKET_COLUMNS}${COMBO_GRAIN?.stored ? `, ${comboIdSql(COMBO_GRAIN.stored.columns)} as combo_id` : ''}
)${rollups.map((r) => `,\n${r.cte}`).join('')}
select (select count(*) from ins)::int as accepted,
  ${rollups.map((r) => `(select count(*) from ${r.name})::int`).join(' + ') || '0'} as rollup_rows`;
}

export const WRITE_EVENTS_SQL = writeEventsSql();

/** The rows as the JSON parameter: one array of column values per row, in COLUMNS order. */
export function toJsonParameter(rows: readonly UsageEventRow[]): string {
  return JSON.stringify(rows.map((r) => COLUMNS.map(([, , get]) => get(r) ?? null)));
}

/** The same values as text, per column (COPY in the benchmark). */
export function toColumnArrays(rows: readonly UsageEventRow[]): (string | null)[][] {
  return COLUMNS.map(([, , get]) =>
    rows.map((r) => {
      const v = get(r);
      if (v === null || v === undefined) return null;
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }),
  );
}

/** Months (UTC, `YYYY-MM-01`) the rows fall in. */
export function monthsOf(rows: readonly UsageEventRow[]): string[] {
  const months = new Set<number>();
  for (const r of rows) months.add(r.occurredAt.getUTCFullYear() * 100 + r.occurredAt.getUTCMonth() + 1);
  return [...months].sort().map((m) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}-01`);
}

const knownPartitions = new WeakMap<DatabaseHandle, Set<string>>();

/** Creates the monthly partitions the rows need (once per month per process), outside the write transaction. */
export async function ensurePartitions(handle: DatabaseHandle, rows: readonly UsageEventRow[]): Promise<void> {
  const known = knownPartitions.get(handle) ?? new Set<string>();
  knownPartitions.set(handle, known);
  for (const month of monthsOf(rows)) {
    if (known.has(month)) continue;
    await handle.rawQuery('select switchyard_ensure_usage_partition($1::date)', [month]);
    known.add(month);
  }
}

/** Forget the partitions this process created (after retention drops some). */
export function forgetPartitions(handle: DatabaseHandle): void {
  knownPartitions.delete(handle);
}

/**
 * On the embedded database a batch is written in slices of this many rows, one statement each in one transaction:
 * a statement holds the app's only thread while it runs (≈ 0.18 ms an event), so a 1,000-event statement kept every
 * HTTP answer waiting ≈ 180 ms per step, and a gateway's budget state read took seconds under load (ADR 0009).
 */
const EMBEDDED_SLICE_ROWS = 250;

function sliced<T>(rows: readonly T[], size: number): (readonly T[])[] {
  if (rows.length <= size) return [rows];
  const out: (readonly T[])[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const NO_PARTITION = '23514'; // another process dropped a month (retention) this process still thought existed

/**
 * Stores the rows of one project; returns how many were new. Rows must have distinct event ids
 * (the caller counts repeats inside a batch as duplicates). All or nothing.
 */
export async function writeUsageEvents(handle: DatabaseHandle, projectId: string, rows: readonly UsageEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await ensurePartitions(handle, rows);
  const slices = handle.driver === 'pglite' ? sliced(rows, EMBEDDED_SLICE_ROWS) : [rows];
  const paramSets = slices.map((slice) => [projectId, toJsonParameter(slice)]);
  for (let attempt = 1; ; attempt++) {
    try {
      const results =
        handle.driver === 'pglite'
          ? await handle.rawSequence(WRITE_EVENTS_SQL, paramSets)
          : [await handle.rawPrepared(WRITE_EVENTS_SQL, paramSets[0]!)];
      const accepted = results.reduce((sum, [result]) => sum + Number(result?.accepted ?? 0), 0);
      noteUsageWritten(handle, accepted); // counted for the embedded database's autovacuum (db/maintenance.ts)
      return accepted;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt < 4 && code === NO_PARTITION) {
        forgetPartitions(handle);
        await ensurePartitions(handle, rows);
        continue;
      }
      if (attempt < 4 && code && RETRYABLE.has(code)) continue;
      throw err;
    }
  }
}
