/**
 * The savings report's reads (ADR 0013): the savings rollup summed by report slice and replay key, and the
 * routing versions a baseline may name. Never the raw events: a 12-month report reads month rows (and the day rows
 * of months a slice starts inside).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { RoutingDocument } from '@/lib/routing/document';
import { type MonthPart, monthParts, type SavingsRollupRow } from '@/lib/savings/rollup-plan';
import type { Database } from '../client';
import { jsonRowsOf, rowsOf } from '../rows';

const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

const MEASURES = [
  ['requests', 'requests'],
  ['unpriced_requests', 'unpricedRequests'],
  ['cost_micros', 'costMicros'],
  ['cache_savings_micros', 'cacheSavingsMicros'],
  ['input_tokens', 'inputTokens'],
  ['cache_read_tokens', 'cacheReadTokens'],
  ['cache_write_5m_tokens', 'cacheWrite5mTokens'],
  ['cache_write_1h_tokens', 'cacheWrite1hTokens'],
  ['output_tokens', 'outputTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
  ['outcome_success_n', 'outcomeSuccessN'],
  ['outcome_successes', 'outcomeSuccesses'],
  ['outcome_score_n', 'outcomeScoreN'],
  ['outcome_score_sum', 'outcomeScoreSum'],
] as const;

const KEYS = 'mode, task, provider, model, tier, routing_rule_id, requested_model, routing_tier, input_band';

/**
 * The savings rollup over local days [fromDay, toDay) as the rows to read (`bucket`, project_id, KEYS, measures):
 * each month whole from the month grain where monthParts allows, its day rows otherwise. A month that is
 * `either` is decided inside the statement (one snapshot): its month row when its days outside the period hold
 * nothing (for these projects), else its day rows in the period. `bucket` is the month's first day or the day.
 * Month rows are one per key and month, and months are slice bounds: they need no summing, only the day rows do.
 */
function savingsBranches(args: {
  fromDay: string;
  toDay: string;
  cutDays: readonly string[];
  projectIds: readonly string[];
  monthGrain?: boolean;
}): { months: SQL[]; days: SQL[] } {
  const projects = args.projectIds.length > 0 ? sql`and project_id = any(${textArray(args.projectIds)}::uuid[])` : sql``;
  const measures = sql.raw(MEASURES.map(([c]) => c).join(', '));
  const outsideEmpty = (part: MonthPart) =>
    sql`not exists (select 1 from usage_daily_savings where (${sql.join(
      part.outside.map((o) => sql`(day >= ${o.from}::date and day < ${o.to}::date)`),
      sql` or `,
    )}) and requests <> 0 ${projects})`;
  const parts = monthParts(args.fromDay, args.toDay, args.cutDays).map((p) =>
    args.monthGrain === false ? { ...p, how: 'days' as const } : p,
  );
  const out: { months: SQL[]; days: SQL[] } = { months: [], days: [] };
  for (const part of parts) {
    const month = sql`select greatest(month, ${part.lo}::date) as bucket, project_id, ${sql.raw(KEYS)}, ${measures}
      from usage_monthly_savings where month = ${part.month}::date and requests <> 0 ${projects}`;
    const days = sql`select day as bucket, project_id, ${sql.raw(KEYS)}, ${measures} from usage_daily_savings
      where day >= ${part.lo}::date and day < ${part.hi}::date ${projects}`;
    if (part.how === 'month') out.months.push(month);
    else if (part.how === 'days') out.days.push(days);
    else {
      out.months.push(sql`${month} and ${outsideEmpty(part)}`);
      out.days.push(sql`${days} and not ${outsideEmpty(part)}`);
    }
  }
  return out;
}

/** Every row savingsBranches reads, as one union. */
function savingsSource(args: Parameters<typeof savingsBranches>[0]): SQL {
  const { months, days } = savingsBranches(args);
  return sql.join([...months, ...days], sql` union all `);
}

/** Rollup reads sum a few tens of thousands of groups: a hash aggregate in memory, without a JIT compile. */
async function inAggregateSettings<T>(db: Database, read: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '128MB'`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local enable_sort = off`);
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return read(tx as unknown as Database);
  });
}

/**
 * The rollup's days [fromDay, toDay) summed by slice (slice k starts on sliceStartDays[k]; index 0 unused) and
 * by every key column but the day; projects named by slug. `projectIds` empty: every project. Whole months are
 * read from the month grain (one row per key), so a year is ~12 rows per key combination, not ~365.
 * `monthGrain: false` reads every day row instead (the tests' reference).
 */
export async function savingsRollupRows(
  db: Database,
  args: { fromDay: string; toDay: string; sliceStartDays: readonly string[]; projectIds: readonly string[]; monthGrain?: boolean },
): Promise<SavingsRollupRow[]> {
  // Integers summed as float8 are exact while every sum stays below 2^53 (9e15 µ$, $9 billion; tokens alike),
  // and float8 accumulates several times faster than the numeric sum of int8; written out as int8, which
  // Postgres turns into JSON text faster than float8.
  const sums = MEASURES.map(([c, k]) => `sum(s.${c}::float8)::int8 as "${k}"`).join(', ');
  const starts = textArray(args.sliceStartDays.slice(1));
  const { months, days } = savingsBranches({ ...args, cutDays: args.sliceStartDays.slice(2) });
  const keys = sql.raw(
    KEYS.split(', ')
      .map((k) => `s.${k}`)
      .join(', '),
  );
  const slice = sql`width_bucket(s.bucket, ${starts}::date[]) as slice`;
  const parts = [
    ...(months.length > 0
      ? [
          sql`select ${slice}, s.project_id, ${keys}, ${sql.raw(MEASURES.map(([c, k]) => `s.${c} as "${k}"`).join(', '))}
        from (${sql.join(months, sql` union all `)}) s`,
        ]
      : []),
    ...(days.length > 0
      ? [
          sql`select ${slice}, s.project_id, ${keys}, ${sql.raw(sums)}
        from (${sql.join(days, sql` union all `)}) s group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
        ]
      : []),
  ];
  // As one JSON value (jsonRowsOf): a year's tens of thousands of groups arrive ~2x faster than as typed columns.
  const keyNames = ['routingRuleId', 'requestedModel', 'routingTier', 'inputBand'] as const;
  const rows = await inAggregateSettings(db, (tx) =>
    jsonRowsOf<Record<string, unknown>>(
      (query) => tx.execute(query),
      sql`select s.slice, p.slug as project, s.mode, s.task, s.provider, s.model, s.tier, s.routing_rule_id as "routingRuleId",
        s.requested_model as "requestedModel", s.routing_tier as "routingTier", s.input_band as "inputBand",
        ${sql.raw(MEASURES.map(([, k]) => `s."${k}"`).join(', '))}
      from (${sql.join(parts, sql` union all `)}) s
      join projects p on p.id = s.project_id`,
      ['slice', 'project', 'mode', 'task', 'provider', 'model', 'tier', ...keyNames, ...MEASURES.map(([, k]) => k)],
    ),
  );
  return rows.map((r) => {
    const out: Record<string, unknown> = {
      slice: Number(r.slice),
      project: String(r.project),
      mode: String(r.mode),
      task: String(r.task),
      provider: String(r.provider),
      model: String(r.model),
      tier: String(r.tier),
      routingRuleId: String(r.routingRuleId),
      requestedModel: String(r.requestedModel),
      routingTier: String(r.routingTier),
      inputBand: Number(r.inputBand),
    };
    for (const [, k] of MEASURES) out[k] = Number(r[k]);
    return out as unknown as SavingsRollupRow;
  });
}

/** The served models of the period (their prices slice the period too). */
export async function savingsServedModels(
  db: Database,
  args: { fromDay: string; toDay: string },
): Promise<{ provider: string; model: string; tier: string; requests: number }[]> {
  const source = savingsSource({ ...args, cutDays: [], projectIds: [] });
  const rows = rowsOf<{ provider: string; model: string; tier: string; requests: unknown }>(
    await db.execute(sql`select provider, model, tier, sum(requests::float8) as requests from (${source}) s
      group by 1, 2, 3 having sum(requests) <> 0 order by 4 desc, 1, 2`),
  );
  return rows.map((r) => ({ provider: r.provider, model: r.model, tier: r.tier, requests: Number(r.requests) }));
}

/** The first and last day the savings rollup holds (null when empty). */
export async function savingsRollupSpan(db: Database): Promise<{ first: string; last: string } | null> {
  const [row] = rowsOf<{ first: string | null; last: string | null }>(
    // The month grain finds the first and last months (by its index); their day rows, the days.
    await db.execute(sql`with m as (select min(month) as first, max(month) as last from usage_monthly_savings where requests <> 0)
      select (select min(day) from usage_daily_savings, m where day >= m.first and day < m.first + 31 and requests <> 0)::text as first,
        (select max(day) from usage_daily_savings, m where day >= m.last and day < m.last + 31 and requests <> 0)::text as last`),
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

export interface SavingsRoutingVersion {
  number: number;
  publishedAt: Date;
  document: RoutingDocument;
}

/** The published routing versions (db/tables/routing.ts, h/routing-api), oldest first; none before that table exists. */
export async function savingsRoutingVersions(db: Database): Promise<SavingsRoutingVersion[]> {
  const [exists] = rowsOf<{ t: string | null }>(await db.execute(sql`select to_regclass('routing_versions')::text as t`));
  if (!exists?.t) return [];
  const rows = rowsOf<{ number: number; published_at: string | Date; document: unknown }>(
    await db.execute(sql`select number, published_at, document from routing_versions order by number`),
  );
  return rows.map((r) => ({
    number: Number(r.number),
    publishedAt: new Date(r.published_at),
    document: (typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as RoutingDocument,
  }));
}
