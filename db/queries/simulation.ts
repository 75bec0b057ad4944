/**
 * The replay query (ADR 0008, 0012): the period's raw events grouped as lib/simulation needs them — the
 * features the evaluator tests, the served model and recorded routing, the input-token class and the time
 * slice (`width_bucket` on the plan's bounds, the SQL twin of `groupRequests`), with token, cost and
 * outcome sums. Read in pages of whole time slices so a process never holds more than one page of rows.
 * Also: the range of raw events still kept, and the saved runs.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { GroupingPlan } from '@/lib/simulation/group';
import type { ScanPlan } from '@/lib/simulation/scan-plan';
import type { ReplayRow } from '@/lib/simulation/types';
import { OUTCOME_SCORE_SCALE } from '@/lib/usage/measures';
import { type Database, driverOf } from '../client';
import { jsonRowsOf, rowsOf } from '../rows';
import { projects, usageDailyTotals } from '../schema';
import { type SimulationRunRow, simulationRuns } from '../tables/simulation';
import { getRawEventsDroppedBefore } from './org-settings';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteArrayItem = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
const arrayLiteral = (items: readonly (string | number)[]) =>
  `{${items.map((i) => (typeof i === 'number' ? String(i) : quoteArrayItem(i))).join(',')}}`;

export interface ReplayQuery {
  plan: GroupingPlan;
  /** Project ids; empty: every project. */
  projectIds: readonly string[];
  /** Grouped by session, over the `topSessions` costliest sessions of the period only (usage_sessions). */
  bySession?: boolean;
  topSessions?: number;
  /** Time slices per page (default: about a week of days). */
  slicesPerPage?: number;
  /** The slices to read (ascending; default: all of them). */
  slices?: readonly number[];
}

/** Sessions the sessions pass reads, the costliest of the period first (ADR 0012): a bounded read. */
export const SESSION_SCOPE = 500;

/** The token classes, named alike in the events and the savings rollup. */
const TOKEN_COLUMNS = [
  'input_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
] as const;

/** The sums a replay page reads, after its key columns (the names toReplayRow reads). */
const REPLAY_SUMS = [
  'requests',
  'priced',
  'cost',
  'cache_savings',
  ...TOKEN_COLUMNS,
  'success_n',
  'successes',
  'score_n',
  'score_sum',
  'score_sq',
];

/** One page: the rows of slices [firstSlice, lastSlice]. */
async function replayPage(db: Database, q: ReplayQuery, firstSlice: number, lastSlice: number): Promise<ReplayRow[]> {
  const { plan } = q;
  const keys = plan.keys;
  const tagKeys = keys.tags === 'all' ? [] : keys.tags;
  const tagColumns = tagKeys.map((k, i) => sql`e.tags ->> ${k} as ${sql.raw(ident(`tag_${i}`))}`);
  const groupTags = keys.tags === 'all' ? [sql.raw('e.tags')] : tagKeys.map((_, i) => sql.raw(ident(`tag_${i}`)));
  const inputClass =
    plan.inputTokenBounds.length === 0 ? sql`0` : sql`width_bucket(e.input_tokens, ${arrayLiteral(plan.inputTokenBounds)}::bigint[])`;
  const timeSlice = sql`width_bucket(e.occurred_at, ${arrayLiteral(plan.timeBounds.map((d) => d.toISOString()))}::timestamptz[])`;
  const from = plan.timeBounds[firstSlice - 1]!.toISOString();
  const to = plan.timeBounds[lastSlice]!.toISOString();
  const projectFilter = q.projectIds.length === 0 ? sql`` : sql`and e.project_id = any(${arrayLiteral(q.projectIds)}::uuid[])`;
  const optional = [
    keys.project ? sql`p.slug as project` : sql`null::text as project`,
    keys.user ? sql`e.user_id as user_id` : sql`null::text as user_id`,
    keys.tags === 'all' ? sql`e.tags as tags` : sql`null::jsonb as tags`,
    ...tagColumns,
    q.bySession ? sql`e.session_id as session_id` : sql`null::text as session_id`,
  ];
  const groupBy = [
    sql`e.mode`,
    sql`e.task`,
    ...(keys.project ? [sql`p.slug`] : []),
    ...(keys.user ? [sql`e.user_id`] : []),
    ...groupTags,
    sql`e.requested_model`,
    sql.raw('input_class'),
    sql.raw('time_slice'),
    sql`e.provider`,
    sql`e.model`,
    sql`e.tier`,
    sql`e.routing_rule_id`,
    sql`e.routing_tier`,
    ...(q.bySession ? [sql`e.session_id`] : []),
  ];
  // The sessions pass reads the costliest sessions' events through the primary key (project, time), each between
  // its first and last event: a few thousand events, not the period's millions. `offset 0` keeps the lateral read
  // per session: joined instead, the planner hashed every event of the period (2.2 s at 1 M embedded, 0.3 s so).
  const scope = q.bySession
    ? sql`from (select s.project_id, s.session_id, s.first_at, s.last_at from usage_sessions s
        where s.last_at >= ${from}::timestamptz and s.first_at < ${to}::timestamptz ${
          q.projectIds.length === 0 ? sql`` : sql`and s.project_id = any(${arrayLiteral(q.projectIds)}::uuid[])`
        }
        order by s.cost_micros desc, s.session_id limit ${q.topSessions ?? SESSION_SCOPE}) t
      cross join lateral (select * from usage_events e where e.project_id = t.project_id and e.session_id = t.session_id
        and e.occurred_at >= t.first_at and e.occurred_at <= t.last_at offset 0) e`
    : sql`from usage_events e`;
  const columns = [
    'mode',
    'task',
    'project',
    'user_id',
    'tags',
    ...tagKeys.map((_, i) => `tag_${i}`),
    'session_id',
    'requested_model',
    'input_class',
    'time_slice',
    'provider',
    'model',
    'tier',
    'routing_rule_id',
    'routing_tier',
    ...REPLAY_SUMS,
  ];
  const rows = await jsonRowsOf<Record<string, unknown>>(
    (query) => db.execute(query),
    sql`
    select e.mode, e.task, ${sql.join(optional, sql`, `)}, e.requested_model,
      ${inputClass} as input_class, ${timeSlice} as time_slice,
      e.provider, e.model, e.tier, e.routing_rule_id, e.routing_tier,
      count(*)::int as requests, count(e.cost_micros)::int as priced,
      coalesce(sum(e.cost_micros), 0)::int8 as cost, coalesce(sum(e.cache_savings_micros), 0)::int8 as cache_savings,
      sum(e.input_tokens)::int8 as input_tokens, sum(e.cache_read_tokens)::int8 as cache_read_tokens,
      sum(e.cache_write_5m_tokens)::int8 as cache_write_5m_tokens, sum(e.cache_write_1h_tokens)::int8 as cache_write_1h_tokens,
      sum(e.output_tokens)::int8 as output_tokens, sum(e.reasoning_tokens)::int8 as reasoning_tokens,
      count(e.outcome_success)::int as success_n, (count(*) filter (where e.outcome_success))::int as successes,
      count(e.outcome_score)::int as score_n, coalesce(sum(e.outcome_score::float8), 0) as score_sum,
      coalesce(sum(e.outcome_score::float8 * e.outcome_score::float8), 0) as score_sq
    ${scope} ${keys.project ? sql`join projects p on p.id = e.project_id` : sql``}
    where e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz ${projectFilter}
    group by ${sql.join(groupBy, sql`, `)}`,
    columns,
  );
  return rows.map((r) => toReplayRow(r, tagKeys));
}

const num = (v: unknown) => Number(v ?? 0);
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toReplayRow(r: Record<string, unknown>, tagKeys: readonly string[]): ReplayRow {
  let tags: Record<string, string> = {};
  if (r.tags !== null && r.tags !== undefined) tags = (typeof r.tags === 'string' ? JSON.parse(r.tags) : r.tags) as Record<string, string>;
  else
    tagKeys.forEach((k, i) => {
      const v = r[`tag_${i}`];
      if (v !== null && v !== undefined) tags[k] = String(v);
    });
  return {
    mode: text(r.mode),
    task: text(r.task),
    project: text(r.project),
    user: text(r.user_id),
    tags: Object.fromEntries(
      Object.keys(tags)
        .sort()
        .map((k) => [k, tags[k]!]),
    ),
    requestedModel: text(r.requested_model),
    inputClass: num(r.input_class),
    timeSlice: num(r.time_slice),
    provider: String(r.provider),
    model: String(r.model),
    tier: String(r.tier),
    routing: { ruleId: text(r.routing_rule_id), tier: text(r.routing_tier) },
    sessionId: text(r.session_id),
    requests: num(r.requests),
    pricedRequests: num(r.priced),
    costMicros: num(r.cost),
    cacheSavingsMicros: num(r.cache_savings),
    tokens: {
      inputTokens: num(r.input_tokens),
      cacheReadTokens: num(r.cache_read_tokens),
      cacheWrite5mTokens: num(r.cache_write_5m_tokens),
      cacheWrite1hTokens: num(r.cache_write_1h_tokens),
      outputTokens: num(r.output_tokens),
      reasoningTokens: num(r.reasoning_tokens),
    },
    outcomes: {
      successN: num(r.success_n),
      successes: num(r.successes),
      scoreN: num(r.score_n),
      scoreSum: num(r.score_sum),
      scoreSumOfSquares: num(r.score_sq),
    },
  };
}

/**
 * The grouped rows of the plan's period, page by page (a page is whole time slices, so slice numbers
 * stay the plan's). `onPage` reports the slices done.
 */
export async function* replayRowPages(
  db: Database,
  q: ReplayQuery,
  onPage?: (slicesDone: number, slices: number) => void | Promise<void>,
): AsyncGenerator<ReplayRow[]> {
  const all = q.plan.timeBounds.length - 1;
  const slices = q.slices ?? Array.from({ length: all }, (_, i) => i + 1);
  let done = 0;
  for (const [first, last] of runsOf(slices, Math.max(1, q.slicesPerPage ?? 8))) {
    yield await replayPage(db, q, first, last);
    done += last - first + 1;
    await onPage?.(done, slices.length);
  }
}

/** Ascending numbers as runs of consecutive ones, each at most `per` long: [first, last] pairs. */
function runsOf(numbers: readonly number[], per: number): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of numbers) {
    const run = runs.at(-1);
    if (run && n === run[1] + 1 && n - run[0] < per) run[1] = n;
    else runs.push([n, n]);
  }
  return runs;
}

const ROLLUP_MEASURES = [
  'requests',
  'unpriced_requests',
  'cost_micros',
  'cache_savings_micros',
  ...TOKEN_COLUMNS,
  'outcome_success_n',
  'outcome_successes',
  'outcome_score_n',
  'outcome_score_sum',
] as const;

const orNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * Rollup rows of whole local days as replay groups (ADR 0012): `usage_daily_savings` summed over what the plan
 * groups across (the project, unless a rule tests it), each day one slice. '' in the rollup is none. The rollup
 * keeps the scores' sum but not their squares: the sum stands in for them, the largest a score in [0, 1] allows,
 * so score intervals from rollup days are never narrower than the raw events' (success rates are exact).
 */
async function rollupPage(
  db: Database,
  q: { plan: GroupingPlan; projectIds: readonly string[]; days: readonly { slice: number; day: string }[] },
): Promise<ReplayRow[]> {
  const slices = new Map(q.days.map((d) => [d.day, d.slice]));
  const project = q.plan.keys.project;
  const projectFilter = q.projectIds.length === 0 ? sql`` : sql`and s.project_id = any(${arrayLiteral(q.projectIds)}::uuid[])`;
  // The rollup holds one row per project, day and key: with the project kept there is nothing to sum, and each
  // row is read as it is. Across projects the rows are summed by a hash aggregate (sorting 11 text keys by
  // collation took 110 ms a page at 10 M events). Integer sums: exact, and faster to write as JSON than float8.
  const keyColumns = 's.mode, s.task, s.requested_model, s.input_band, s.provider, s.model, s.tier, s.routing_rule_id, s.routing_tier';
  const measures = sql.raw(ROLLUP_MEASURES.map((m) => (project ? `s.${m}` : `sum(s.${m})::int8 as ${m}`)).join(', '));
  const rows = await db.transaction(async (tx) => {
    // A JIT compile of this aggregate costs more than it saves on a few hundred thousand rows.
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local enable_sort = off`);
    return jsonRowsOf<Record<string, unknown>>(
      (query) => tx.execute(query),
      sql`
    select s.day::text as day, ${project ? sql`p.slug` : sql`null::text`} as project, ${sql.raw(keyColumns)}, ${measures}
    from usage_daily_savings s ${project ? sql`join projects p on p.id = s.project_id` : sql``}
    where s.day >= ${q.days[0]!.day}::date and s.day <= ${q.days.at(-1)!.day}::date ${projectFilter}
    ${project ? sql`` : sql.raw(`group by s.day, ${keyColumns}`)}`,
      ['day', 'project', ...keyColumns.split(', ').map((c) => c.slice(2)), ...ROLLUP_MEASURES],
    );
  });
  const out: ReplayRow[] = [];
  for (const r of rows) {
    const slice = slices.get(String(r.day));
    if (slice === undefined) continue;
    const scoreSum = num(r.outcome_score_sum) / OUTCOME_SCORE_SCALE;
    out.push({
      mode: orNull(r.mode),
      task: orNull(r.task),
      project: text(r.project),
      user: null,
      tags: {},
      requestedModel: orNull(r.requested_model),
      inputClass: num(r.input_band),
      timeSlice: slice,
      provider: String(r.provider),
      model: String(r.model),
      tier: String(r.tier),
      routing: { ruleId: orNull(r.routing_rule_id), tier: orNull(r.routing_tier) },
      sessionId: null,
      requests: num(r.requests),
      pricedRequests: num(r.requests) - num(r.unpriced_requests),
      costMicros: num(r.cost_micros),
      cacheSavingsMicros: num(r.cache_savings_micros),
      tokens: {
        inputTokens: num(r.input_tokens),
        cacheReadTokens: num(r.cache_read_tokens),
        cacheWrite5mTokens: num(r.cache_write_5m_tokens),
        cacheWrite1hTokens: num(r.cache_write_1h_tokens),
        outputTokens: num(r.output_tokens),
        reasoningTokens: num(r.reasoning_tokens),
      },
      outcomes: {
        successN: num(r.outcome_success_n),
        successes: num(r.outcome_successes),
        scoreN: num(r.outcome_score_n),
        scoreSum,
        scoreSumOfSquares: scoreSum,
      },
    });
  }
  return out;
}

/**
 * The scan of a replay, page by page: the rollup's whole days (7 days a page: a page's memory stays small), then
 * the slices only raw events answer. `onPage` reports the slices done of all. On a Postgres server (driverOf) the
 * next rollup page is asked for before this one is handed on, so the server builds it while the caller replays;
 * PGlite runs in the caller's thread, where reading ahead would only hold a second page in memory.
 */
export async function* scanPages(
  db: Database,
  q: { scan: ScanPlan; projectIds: readonly string[]; daysPerPage?: number },
  onPage?: (slicesDone: number, slices: number) => void | Promise<void>,
): AsyncGenerator<ReplayRow[]> {
  const readAhead = driverOf(db) === 'postgres';
  const { scan } = q;
  const total = scan.rollupSlices.length + scan.rawSlices.length;
  const per = Math.max(1, q.daysPerPage ?? 7);
  const days = scan.rollupSlices;
  const pages = runsOf(
    days.map((d) => d.slice),
    per,
  ).map(([first, last]) => days.filter((d) => d.slice >= first && d.slice <= last));
  const read = (i: number) => rollupPage(db, { plan: scan.plan, projectIds: q.projectIds, days: pages[i]! });
  let ahead: Promise<ReplayRow[]> | null = null;
  let done = 0;
  for (let i = 0; i < pages.length; i++) {
    const current = ahead ?? read(i);
    ahead = readAhead && i + 1 < pages.length ? read(i + 1) : null;
    ahead?.catch(() => {}); // awaited on the next turn; a failure here must not go unhandled if this page fails first
    yield await current;
    done += pages[i]!.length;
    await onPage?.(done, total);
  }
  if (scan.rawSlices.length > 0)
    yield* replayRowPages(db, { plan: scan.plan, projectIds: q.projectIds, slices: scan.rawSlices }, (n) => onPage?.(done + n, total));
}

/** Whether any raw event falls in the period (for the empty-period refusal). */
export async function hasEvents(db: Database, args: { from: Date; to: Date; projectIds: readonly string[] }): Promise<boolean> {
  const projectFilter = args.projectIds.length === 0 ? sql`` : sql`and project_id = any(${arrayLiteral(args.projectIds)}::uuid[])`;
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (select 1 from usage_events
      where occurred_at >= ${args.from.toISOString()}::timestamptz and occurred_at < ${args.to.toISOString()}::timestamptz ${projectFilter}
      limit 1) x`),
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * From when raw events are kept: the latest retention cutoff, or the first day any event was recorded
 * (from the daily totals rollup, a small table). Null: no event at all.
 */
export async function rawEventsKeptFrom(db: Database): Promise<{ firstDay: string | null; droppedBefore: Date | null }> {
  const [first] = await db.select({ day: sql<string | null>`min(${usageDailyTotals.day})::text` }).from(usageDailyTotals);
  return { firstDay: first?.day ?? null, droppedBefore: await getRawEventsDroppedBefore(db) };
}

export async function resolveProjectRefs(db: Database, refs: readonly string[]) {
  if (refs.length === 0) return [];
  const all = await db.select({ id: projects.id, slug: projects.slug, name: projects.name }).from(projects);
  return refs.map((ref) => ({ ref, project: all.find((p) => p.id === ref || p.slug === ref) ?? null }));
}

// ---------------------------------------------------------------- saved runs

export async function insertSimulationRun(
  db: Database,
  values: { createdBy: string | null; createdByEmail: string; inputs: Record<string, unknown>; label: string; total: number },
): Promise<SimulationRunRow> {
  const [row] = await db
    .insert(simulationRuns)
    .values({ ...values, status: 'queued' })
    .returning();
  return row!;
}

export async function updateSimulationRun(
  db: Database,
  id: string,
  values: Partial<Pick<SimulationRunRow, 'status' | 'startedAt' | 'finishedAt' | 'processed' | 'total' | 'result' | 'error'>>,
): Promise<boolean> {
  const rows = await db.update(simulationRuns).set(values).where(eq(simulationRuns.id, id)).returning({ id: simulationRuns.id });
  return rows.length > 0;
}

export async function getSimulationRunById(db: Database, id: string): Promise<SimulationRunRow | undefined> {
  const [row] = await db.select().from(simulationRuns).where(eq(simulationRuns.id, id));
  return row;
}

/** Newest first, without results (a list never carries megabytes). `before`: created before this instant (paging). */
export async function listSimulationRunRows(db: Database, args: { limit: number; before?: Date }) {
  return db
    .select({
      id: simulationRuns.id,
      status: simulationRuns.status,
      label: simulationRuns.label,
      createdBy: simulationRuns.createdBy,
      createdByEmail: simulationRuns.createdByEmail,
      createdAt: simulationRuns.createdAt,
      finishedAt: simulationRuns.finishedAt,
      inputs: simulationRuns.inputs,
      processed: simulationRuns.processed,
      total: simulationRuns.total,
      error: simulationRuns.error,
      totals: sql<Record<string, unknown> | null>`${simulationRuns.result} -> 'simulation' -> 'totals'`,
    })
    .from(simulationRuns)
    .where(args.before ? and(lt(simulationRuns.createdAt, args.before)) : undefined)
    .orderBy(desc(simulationRuns.createdAt))
    .limit(args.limit);
}
export type SimulationRunListItem = Awaited<ReturnType<typeof listSimulationRunRows>>[number];

export async function deleteSimulationRunRow(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(simulationRuns).where(eq(simulationRuns.id, id)).returning({ id: simulationRuns.id });
  return rows.length > 0;
}

/** The models that served the period (from the daily rollup: a few hundred rows at most), to bound price slices. */
export async function servedModels(db: Database, args: { fromDay: string; toDay: string; projectIds: readonly string[] }) {
  const projectFilter = args.projectIds.length === 0 ? sql`` : sql`and project_id = any(${arrayLiteral(args.projectIds)}::uuid[])`;
  return rowsOf<{ provider: string; model: string; requests: string }>(
    await db.execute(sql`select provider, model, sum(requests)::text as requests from usage_daily_models
      where day >= ${args.fromDay}::date and day <= ${args.toDay}::date ${projectFilter} group by provider, model`),
  ).map((r) => ({ provider: r.provider, model: r.model, requests: Number(r.requests) }));
}
