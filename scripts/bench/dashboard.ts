import { sql } from 'drizzle-orm';
import { openMigratedDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { rebuildRollupSql, rebuildSessionsSql } from '@/db/ingest/write-events';
import { explorerQuery, loadExplorer, type ProjectRef } from '@/db/queries/explorer';
import { cacheHitOverTime, costPerRequestByMode, costPerSessionOverTime, latencyOverTime } from '@/db/queries/dashboard-widgets';
import { monthEndProjection, periodTotals, spendBy, spendOverTime, topCostDrivers, type DashboardScope } from '@/db/queries/overview';
import { findRequestIds, listRequests } from '@/db/queries/requests';
import { getSessionById, listSessionTurns, listTopSessions } from '@/db/queries/sessions';
import { aggregateUsage } from '@/db/queries/usage-aggregate';
import { rowsOf } from '@/db/rows';
import { generateDemoEvents, type DemoUsageEvent } from '@/lib/demo/generator';
import { ROLLUP_GRAINS, ROLLUP_TABLES, writtenTables } from '@/lib/ingest/rollup-grains';
import { resolvePeriod } from '@/lib/time/periods';
import { addDays, formatCalendarDate } from '@/lib/time/zoned';
import { parseExplorerState } from '@/lib/usage/explorer-state';
import { planSource, type UsageQuery } from '@/lib/usage/query';
import { systemContext } from '@/services/context';
import { createProject } from '@/services/projects/create-project';
import { arg, copyEvents, freshDatabase, percentile, type BenchDriver } from './common';

const EVENTS: Record<BenchDriver, number> = {
  postgres: Number(arg('events', '10000000')),
  pglite: Number(arg('embedded-events', '1000000')),
};
const DRIVERS = arg('drivers', 'postgres,pglite').split(',') as BenchDriver[];
const RUNS = Number(arg('runs', '20'));
const RAW_RUNS = Number(arg('raw-runs', '3'));
const PG_SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PROJECTS = 20;
const DAYS = 90;
const CHUNK = 50_000;
const TIME_ZONE = arg('time-zone', 'America/New_York');
/** Keep the loaded database (its name is printed) to study plans; drop it by hand afterwards. */
const KEEP = process.argv.includes('--keep');
const REUSE = arg('reuse', '');
/**
 * `--without <grain>`: each explorer view that grain answers is also timed from the source the planner picks
 * without it (the same aggregate, forced), in the same run: what the grain buys, measured under the same load.
 */
const WITHOUT = arg('without', '');
/** `--views <text>,…`: time only the explorer views whose label contains one of them (and no other page). */
const ONLY_VIEWS = arg('views', '').split(',').filter(Boolean);

const log = (driver: string, msg: string) => console.log(`[${driver}] ${new Date().toISOString().slice(11, 19)} ${msg}`);

/**
 * Demo traffic scaled up: each generator seed is another organisation's 90 days, spread over 20 projects.
 * The seeds run side by side, one day at a time (each seed emits its days in order), so the events arrive
 * roughly in time order, as live ingestion writes them — the physical order the time indexes rely on.
 */
function* scaledEvents(n: number, end: Date): Generator<{ project: number; event: DemoUsageEvent }> {
  let perSeed = 0;
  for (const _ of generateDemoEvents({ seed: 1, days: DAYS, end })) perSeed++;
  const streams = Array.from({ length: Math.max(1, Math.round(n / perSeed)) }, (_, i) => seedStream(i + 1, end));
  let produced = 0;
  const pending = streams.map((s) => s.next());
  while (produced < n) {
    const live = pending.map((p, i) => ({ p, i })).filter(({ p }) => !p.done);
    if (live.length === 0) break;
    const day = live.map(({ p }) => dayOf(p.value!)).sort()[0]!;
    for (const { i } of live) {
      let p = pending[i]!;
      while (!p.done && dayOf(p.value) <= day && produced < n) {
        yield p.value;
        produced++;
        p = streams[i]!.next();
      }
      pending[i] = p;
    }
  }
  // Too few seeds for n (rounding): the rest, one more seed at a time.
  for (let seed = streams.length + 1; produced < n; seed++) {
    for (const item of seedStream(seed, end)) {
      yield item;
      if (++produced === n) return;
    }
  }
}

const dayOf = (item: { event: DemoUsageEvent }) => item.event.timestamp.slice(0, 10);

function* seedStream(seed: number, end: Date): Generator<{ project: number; event: DemoUsageEvent }, void> {
  let p = 0;
  const slugIndex = new Map<string, number>();
  for (const { projectSlug, event } of generateDemoEvents({ seed, days: DAYS, end })) {
    if (!slugIndex.has(projectSlug)) slugIndex.set(projectSlug, p++);
    const project = (seed * 4 + slugIndex.get(projectSlug)!) % PROJECTS;
    yield {
      project,
      event: { ...event, event_id: `s${seed}_${event.event_id}`, user: event.user ? `${event.user}-${seed % 12}` : event.user },
    };
  }
}

/** Generates, validates and prices the events as ingestion does, then COPYs them in chunks. */
/** The bench's projects in a kept database, in creation order (project-0 … project-19). */
async function keptProjects(handle: DatabaseHandle): Promise<ProjectRef[]> {
  const rows = (await handle.rawQuery(`select id, slug, name from projects where slug like 'project-%'`, [])) as unknown as ProjectRef[];
  return rows.sort((a, b) => Number(a.slug.split('-')[1]) - Number(b.slug.split('-')[1]));
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

interface Measured {
  page: string;
  query: string;
  source: string;
  p50: number;
  p95: number;
  rawP50?: number;
}

interface ViewTiming {
  view: string;
  range: string;
  source: string;
  p50: number;
  p95: number;
  rawP50?: number;
}

/**
 * The explorer's view classes: each grouping with the filters that decide which rollup answers it (a user
 * or a tag crossed with other dimensions included), and the hour views. `someone`: the busiest person.
 */
function explorerViews(someone: string): { label: string; params: Record<string, string>; ranges?: string[] }[] {
  return [
    { label: 'by mode (model, provider, tier, routing alike)', params: { group: 'mode' } },
    { label: 'by task (status alike)', params: { group: 'task' } },
    { label: 'by project', params: { group: 'project' } },
    { label: 'by user', params: { group: 'user' } },
    { label: 'by user, mode = code', params: { group: 'user', mode: 'code' } },
    { label: 'by tag team', params: { group: 'tag:team' } },
    { label: 'by task, tag env = staging', params: { group: 'task', tag: 'env:staging' } },
    { label: 'by tag team, env = prod, mode = code, per week', params: { group: 'tag:team', tag: 'env:prod', mode: 'code', gran: 'week' } },
    { label: 'by user, task = refactor', params: { group: 'user', task: 'refactor' } },
    { label: 'by user, model = claude-sonnet-4-5', params: { group: 'user', model: 'claude-sonnet-4-5' } },
    { label: 'by model, one user', params: { group: 'model', user: someone } },
    { label: 'by status, one user, per week', params: { group: 'status', user: someone, gran: 'week' } },
    { label: 'by user, tag env = prod', params: { group: 'user', tag: 'env:prod' } },
    { label: 'by tag team, one user', params: { group: 'tag:team', user: someone } },
    { label: 'by model, per hour', params: { group: 'model', gran: 'hour' }, ranges: ['3d', '7d', '30d'] },
    { label: 'by user, per hour', params: { group: 'user', gran: 'hour' }, ranges: ['3d', '7d', '30d'] },
    { label: 'by user, task = refactor, per hour', params: { group: 'user', task: 'refactor', gran: 'hour' }, ranges: ['3d', '7d', '30d'] },
    {
      label: 'by task, tag env = staging, per hour',
      params: { group: 'task', tag: 'env:staging', gran: 'hour' },
      ranges: ['3d', '7d', '30d'],
    },
  ];
}

/** The explorer's figures as the README's table: one row per view class, p50 / p95 per period, raw p50 over 30 days. */
function viewsTable(views: readonly ViewTiming[]): string {
  const ranges = ['3d', '7d', '30d', '90d'];
  const lines = [`| view | source (30 d) | ${ranges.join(' | ')} | raw 30 d p50 |`, `|${' --- |'.repeat(ranges.length + 3)}`];
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  for (const label of [...new Set(views.map((v) => v.view))]) {
    const of = views.filter((v) => v.view === label);
    const at = (range: string) => of.find((v) => v.range === range);
    const cells = ranges.map((range) => {
      const v = at(range);
      return v ? `${f(v.p50)} / ${f(v.p95)}` : '—';
    });
    const raw = at('30d')?.rawP50;
    const rawCell = raw === undefined ? '—' : Math.round(raw).toLocaleString('en-US');
    lines.push(`| ${label} | ${at('30d')?.source ?? ''} | ${cells.join(' | ')} | ${rawCell} |`);
  }
  return lines.join('\n');
}

/** A database kept by an earlier --keep run (never dropped here). */
function keptDatabase(name: string) {
  if (!/^sy_bench_\d+$/.test(name)) throw new Error(`--reuse takes a database name printed by --keep (sy_bench_…), not ${name}`);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return { driver: 'postgres' as const, env: { DATABASE_URL: url.toString() } as Record<string, string>, drop: async () => {} };
}

async function loadFresh(driver: BenchDriver, target: DatabaseTarget, env: Record<string, string>, now: Date) {
  let handle = await openMigratedDatabase(target);
  const ctx = systemContext(handle, 'bench');
  const projects: ProjectRef[] = [];
  for (let i = 0; i < PROJECTS; i++) projects.push(await createProject(ctx, { name: `Project ${i}`, slug: `project-${i}` }));
  // The organisation's zone, before loading: the daily rollup is kept in it.
  await handle.rawQuery(`insert into org_settings (key, value) values ('time_zone', to_jsonb($1::text))`, [TIME_ZONE]);
  const end = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  await handle.close(); // the loader writes on its own connection (PGlite: one process per folder)
  const loadStarted = performance.now();
  const loaded = await copyEvents({
    driver,
    env,
    projectIds: projects.map((p) => p.id),
    events: scaledEvents(EVENTS[driver], end),
    end,
    chunkSize: CHUNK,
    progress: { every: 1_000_000, log: (message) => log(driver, message) },
  });
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  handle = await openMigratedDatabase(target);
  log(driver, `${loaded} events loaded in ${loadSeconds.toFixed(0)} s; building rollups`);
  return { handle, projects, loadSeconds };
}

async function run(driver: BenchDriver) {
  if (REUSE && driver !== 'postgres') throw new Error('--reuse times a kept Postgres database: add --drivers postgres');
  const db = REUSE ? keptDatabase(REUSE) : await freshDatabase(driver, PG_SERVER);
  const target: DatabaseTarget = db.env.DATABASE_URL
    ? { driver: 'postgres', url: db.env.DATABASE_URL }
    : { driver: 'pglite', dataDir: db.env.SWITCHYARD_DATA_DIR! };
  try {
    const now = new Date();
    const fresh = REUSE ? null : await loadFresh(driver, target, db.env, now);
    let handle = fresh?.handle ?? (await openMigratedDatabase(target));
    const projects: ProjectRef[] = fresh?.projects ?? (await keptProjects(handle));
    const loadSeconds = fresh?.loadSeconds ?? 0;
    const rollupStarted = performance.now();
    const built: string[] = [];
    for (const grain of ROLLUP_GRAINS) {
      if (REUSE && (await handle.rawQuery(`select 1 from ${grain.table} limit 1`, [])).length > 0) continue;
      await handle.rawQuery(rebuildRollupSql(grain), []);
      built.push(...writtenTables(grain));
    }
    if (!REUSE) await handle.rawQuery(rebuildSessionsSql(), []);
    // What autovacuum does on Postgres (db/maintenance.ts on the embedded database): statistics, and the
    // summaries of the BRIN ranges just filled (a kept database: only the tables just built).
    if (!REUSE) await handle.rawQuery('vacuum analyze', []);
    for (const table of REUSE ? new Set(built) : []) await handle.rawQuery(`vacuum analyze ${table}`, []);
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    const sizes = await handle.rawQuery(
      `select relname as table, n_live_tup::bigint as rows from pg_stat_user_tables
        where relname in (${[...ROLLUP_TABLES, 'usage_sessions'].map((t) => `'${t}'`).join(', ')}) order by 1`,
      [],
    );
    log(driver, `rollups built in ${rollupSeconds.toFixed(0)} s: ${sizes.map((r) => `${r.table} ${r.rows}`).join(', ')}`);
    if (driver === 'pglite') {
      // Timed as a server reads it, from the folder opened afresh: the embedded database lives in this process,
      // whose heap grew while it rebuilt every rollup.
      const before = process.memoryUsage().rss;
      await handle.close();
      handle = await openMigratedDatabase(target);
      const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
      log(driver, `reopened the database for the timed reads (RSS ${mb(before)} → ${mb(process.memoryUsage().rss)} MB)`);
    }

    const d = handle.db;
    const scope: DashboardScope = { period: resolvePeriod({ range: '30d' }, now, TIME_ZONE), timeZone: TIME_ZONE, projectIds: [] };
    const oneProject: DashboardScope = { ...scope, projectIds: [projects[3]!.id] };
    const context = { timeZone: TIME_ZONE, projects, now };
    const results: Measured[] = [];
    const views: ViewTiming[] = [];
    const measure = async (page: string, query: string, fn: () => Promise<unknown>, rawTwin?: UsageQuery, source = 'rollup') => {
      const ms = await time(fn, RUNS);
      const raw = rawTwin ? await time(() => aggregateUsage(d, rawTwin, { kind: 'raw' }), RAW_RUNS) : null;
      results.push({
        page,
        query,
        source,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        rawP50: raw ? percentile(raw, 50) : undefined,
      });
      log(
        driver,
        `${page} · ${query}: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms` +
          (raw ? `, raw ${percentile(raw, 50).toFixed(0)} ms` : ''),
      );
    };
    const q = (groupBy: UsageQuery['groupBy'], granularity: UsageQuery['granularity'], s = scope): UsageQuery => ({
      from: s.period.from,
      to: s.period.to,
      timeZone: TIME_ZONE,
      filter: { projectIds: s.projectIds, values: {}, tags: {} },
      groupBy,
      granularity,
    });

    const pages = ONLY_VIEWS.length > 0 ? ['explorer'] : ['overview', 'explorer', 'requests', 'sessions'];
    // Overview: every widget, 30 days, all projects (and one project for the totals).
    if (pages.includes('overview')) {
      await measure('overview', 'totals vs previous period', () => periodTotals(d, scope, now), q([], null));
      await measure('overview', 'totals, one project', () => periodTotals(d, oneProject, now), q([], null, oneProject));
      await measure('overview', 'month-end projection', () => monthEndProjection(d, scope, now));
      // The service-quality and efficiency widgets (db/queries/dashboard-widgets.ts).
      await measure(
        'overview',
        'latency p50/p95 + error rate by model',
        () => latencyOverTime(d, scope, 'model'),
        undefined,
        'usage_hourly_latency',
      );
      await measure('overview', 'cache-hit rate over time', () => cacheHitOverTime(d, scope));
      await measure('overview', 'cost per session over time', () => costPerSessionOverTime(d, scope), undefined, 'usage_sessions');
      await measure('overview', 'cost per request by mode', () => costPerRequestByMode(d, scope));
      await measure(
        'overview',
        'spend by tier (frontier share)',
        () => spendBy(d, scope, [{ dimension: 'tier' }]),
        q([{ dimension: 'tier' }], null),
      );
      await measure(
        'overview',
        'spend by routing rule',
        () => spendBy(d, scope, [{ dimension: 'routing' }]),
        q([{ dimension: 'routing' }], null),
      );
      await measure('overview', 'spend over time by mode (day)', () => spendOverTime(d, scope, 'mode'), q([{ dimension: 'mode' }], 'day'));
      await measure(
        'overview',
        'spend over time by model (day)',
        () => spendOverTime(d, scope, 'model'),
        q([{ dimension: 'model' }], 'day'),
      );
      await measure(
        'overview',
        'top cost drivers (mode × task × model)',
        () => topCostDrivers(d, scope),
        q([{ dimension: 'mode' }, { dimension: 'task' }, { dimension: 'model' }], null),
      );
      await measure('overview', 'whole page (all widgets in parallel)', () =>
        Promise.all([
          periodTotals(d, scope, now),
          monthEndProjection(d, scope, now),
          spendBy(d, scope, [{ dimension: 'tier' }]),
          spendBy(d, scope, [{ dimension: 'routing' }]),
          spendOverTime(d, scope, 'mode'),
          topCostDrivers(d, scope),
        ]),
      );
    }

    // Usage explorer: every view class (a grouping and the filters that decide its source), as the page runs it
    // (URL state → one aggregate), over 7, 30 and 90 days; the raw twin over 30 days.
    const [heavy] = rowsOf<{ user_id: string }>(
      await d.execute(sql`select user_id from usage_daily_user_modes where user_id <> '' group by 1 order by sum(requests) desc limit 1`),
    );
    const someone = heavy?.user_id ?? '';
    const threeDays = (): Record<string, string> => {
      const p = resolvePeriod({ range: '7d' }, now, TIME_ZONE);
      const first = formatCalendarDate(addDays(p.lastDay, -2));
      return { range: 'custom', from: first, to: formatCalendarDate(p.lastDay) };
    };
    for (const view of explorerViews(someone).filter((v) => ONLY_VIEWS.length === 0 || ONLY_VIEWS.some((o) => v.label.includes(o)))) {
      for (const range of view.ranges ?? ['7d', '30d', '90d']) {
        const period = range === '3d' ? threeDays() : { range };
        const params = { gran: 'day', ...view.params, ...period };
        const state = parseExplorerState(params);
        const probe = await loadExplorer(d, state, context);
        const { query } = explorerQuery(state, context);
        const table = probe.source.kind === 'raw' ? 'raw events' : probe.source.grain.table;
        const source = `${table}${probe.granularity !== state.granularity ? ` (per ${probe.granularity})` : ''}`;
        await measure(
          'explorer',
          `${view.label} · ${range}`,
          () => loadExplorer(d, state, context),
          range === '30d' ? query : undefined,
          source,
        );
        const m = results.at(-1)!;
        views.push({ view: view.label, range, source, p50: m.p50, p95: m.p95, rawP50: m.rawP50 });
        if (WITHOUT && probe.source.kind === 'rollup' && probe.source.grain.name === WITHOUT) {
          const previous = planSource(
            query,
            TIME_ZONE,
            ROLLUP_GRAINS.filter((g) => g.name !== WITHOUT),
          );
          const label = `${view.label} (without ${WITHOUT})`;
          const was = previous.kind === 'raw' ? 'raw events' : previous.grain.table;
          await measure('explorer', `${label} · ${range}`, () => aggregateUsage(d, query, previous), undefined, was);
          const w = results.at(-1)!;
          views.push({ view: label, range, source: was, p50: w.p50, p95: w.p95 });
        }
      }
    }

    if (pages.includes('requests')) {
      // Requests: first page, a deep page (keyset), and a filtered page, of one project.
      const projectId = projects[3]!.id;
      let cursor = null;
      for (let i = 0; i < 200; i++) cursor = (await listRequests(d, { projectIds: [projectId], filters: {}, before: cursor })).next;
      const deep = cursor;
      await measure(
        'requests',
        'first page (50)',
        () => listRequests(d, { projectIds: [projectId], filters: {}, before: null }),
        undefined,
        'raw (primary key)',
      );
      await measure(
        'requests',
        'page 200 (keyset)',
        () => listRequests(d, { projectIds: [projectId], filters: {}, before: deep }),
        undefined,
        'raw (primary key)',
      );
      await measure(
        'requests',
        'first page, tier=frontier, mode=debug',
        () => listRequests(d, { projectIds: [projectId], filters: { values: { tier: ['frontier'], mode: ['debug'] } }, before: null }),
        undefined,
        'raw (primary key)',
      );
      // All projects: each project's newest rows through its primary key, merged (db/queries/requests.ts).
      let anyCursor = null;
      for (let i = 0; i < 200; i++) anyCursor = (await listRequests(d, { projectIds: null, filters: {}, before: anyCursor })).next;
      const anyDeep = anyCursor;
      const all = (label: string, run: () => Promise<unknown>) => measure('requests', `all projects, ${label}`, run, undefined, 'raw');
      await all('first page (50)', () => listRequests(d, { projectIds: null, filters: {}, before: null }));
      await all('page 200 (keyset)', () => listRequests(d, { projectIds: null, filters: {}, before: anyDeep }));
      await all('tier=frontier, mode=debug', () =>
        listRequests(d, { projectIds: null, filters: { values: { tier: ['frontier'], mode: ['debug'] } }, before: null }),
      );
      const one = (await listRequests(d, { projectIds: null, filters: {}, before: anyDeep, limit: 1 })).rows[0]!;
      await all('search by event id', () => findRequestIds(d, { ids: [one.eventId], projectIds: null }));
      await all('search by session id', () => findRequestIds(d, { ids: [one.sessionId ?? ''], projectIds: null }));

      // Sessions: the ranked list (30 days), and one session turn by turn.
      const from = scope.period.from;
      await measure('sessions', 'top 100 by cost, 30 days', () => listTopSessions(d, { from }), undefined, 'usage_sessions');
      const [top] = await listTopSessions(d, { from, limit: 1 });
      await measure(
        'sessions',
        'one session, turn by turn',
        async () => {
          const s = await getSessionById(d, { projectId: top!.projectId, sessionId: top!.sessionId });
          return listSessionTurns(d, {
            projectId: top!.projectId,
            sessionId: top!.sessionId,
            firstAt: s!.session.firstAt,
            lastAt: s!.session.lastAt,
          });
        },
        undefined,
        'raw (primary key)',
      );
    }

    const rawCount = rowsOf<{ n: string }>(await d.execute(sql`select count(*)::text as n from usage_events`))[0]!.n;
    await handle.close();
    return { loaded: Number(rawCount), loadSeconds, rollupSeconds, sizes, results, views };
  } finally {
    if (KEEP) log(driver, `kept: ${JSON.stringify(db.env)}`);
    else await db.drop();
  }
}

async function main() {
  console.log(
    `Dashboard benchmark: ${DAYS} days of generated agent traffic, ${PROJECTS} projects, time zone ${TIME_ZONE}, ` +
      `${RUNS} timed runs per query (warm).`,
  );
  for (const driver of DRIVERS) {
    const r = await run(driver);
    console.log(
      `\n${driver}: ${r.loaded} events (load ${r.loadSeconds.toFixed(0)} s, rollups ${r.rollupSeconds.toFixed(0)} s; ` +
        `${r.sizes.map((s) => `${s.table} ${s.rows} rows`).join(', ')})`,
    );
    console.table(
      r.results.map((m) => ({
        page: m.page,
        query: m.query,
        source: m.source,
        'p50 ms': Number(m.p50.toFixed(1)),
        'p95 ms': Number(m.p95.toFixed(1)),
        'raw p50 ms': m.rawP50 === undefined ? '' : Math.round(m.rawP50),
        'raw / rollup': m.rawP50 === undefined ? '' : `${(m.rawP50 / m.p50).toFixed(0)}×`,
      })),
    );
    console.log(`\nexplorer views (${driver}, p50 / p95 ms):\n${viewsTable(r.views)}\n`);
    const worst = (range: string) => Math.max(...r.views.filter((v) => v.range === range).map((v) => v.p95));
    const worstOf = ['3d', '7d', '30d', '90d'].map((range) => `${range} ${worst(range).toFixed(1)} ms`);
    console.log(`  explorer: worst p95 per period: ${worstOf.join(', ')}`);
    for (const page of ['overview', 'explorer', 'requests', 'sessions']) {
      const rows = r.results.filter((m) => m.page === page);
      if (rows.length === 0) continue;
      console.log(`  ${page}: worst p95 ${Math.max(...rows.map((m) => m.p95)).toFixed(1)} ms`);
    }
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
