import { openDatabase, openMigratedDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { rebuildRollupSql, rebuildSessionsSql } from '@/db/ingest/write-events';
import { loadPricingConfig } from '@/db/queries/pricing-config';
import { getDailyRollupZone } from '@/db/queries/org-settings';
import { replayRowPages, SESSION_SCOPE, scanPages, servedModels } from '@/db/queries/simulation';
import { rowsOf } from '@/db/rows';
import { generateDemoEvents, type DemoUsageEvent } from '@/lib/demo/generator';
import { ROLLUP_GRAINS } from '@/lib/ingest/rollup-grains';
import { createPricer } from '@/lib/pricing/pricer';
import type { RoutingDocumentInput } from '@/lib/routing/document';
import { DEMO_ROUTING_V1 } from '@/lib/routing/examples';
import { groupingBoundaries } from '@/lib/simulation/group';
import { movedUsage } from '@/lib/simulation/price-group';
import { keepsServedModel } from '@/lib/simulation/replay';
import { candidateShapeOf, routerForDocument, tierModelsOf } from '@/lib/simulation/routing-adapter';
import { runReplay } from '@/lib/simulation/run';
import { planScan, ROLLUP_INPUT_BANDS, summarizeScan } from '@/lib/simulation/scan-plan';
import { validCandidateDocument } from '@/lib/simulation/run-input';
import { addDays, parseCalendarDate, startOfLocalDay } from '@/lib/time/zoned';
import { systemContext } from '@/services/context';
import { createProject } from '@/services/projects/create-project';
import { arg, copyEvents, freshDatabase, percentile, type BenchDriver } from './common';

const DRIVERS = arg('drivers', 'pglite,postgres').split(',') as BenchDriver[];
const EVENTS: Record<BenchDriver, number> = {
  postgres: Number(arg('events', '2000000')),
  pglite: Number(arg('embedded-events', '1000000')),
};
const RUNS = Number(arg('runs', '5'));
/** Runs of the candidate only raw events answer (slow at 10 M: one by default). */
const RAW_RUNS = Number(arg('raw-runs', '1'));
const NO_NAIVE = process.argv.includes('--no-naive');
/** An embedded database directory kept by an earlier `--keep` run, reused instead of loading again. */
const REUSE_DIR = arg('reuse-dir', '');
const REUSE = arg('reuse', '');
const KEEP = process.argv.includes('--keep');
const PG_SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PROJECTS = 20;
const DAYS = 90;
const CHUNK = 50_000;
const TIME_ZONE = 'America/New_York';

const log = (driver: string, msg: string) => console.log(`[${driver}] ${new Date().toISOString().slice(11, 19)} ${msg}`);

/**
 * Twenty rules: every mode × a task or two, input ranges, a tag test, a model route with fallbacks, the default.
 * The tag tests and input bounds such as 30,000 are what the daily rollup cannot answer: raw events only.
 */
const RAW_CANDIDATE: RoutingDocumentInput = {
  tiers: DEMO_ROUTING_V1.tiers,
  rules: [
    { id: 'research', when: { tags: { team: ['research'] } }, route: { tier: 'frontier' } },
    { id: 'huge', when: { inputTokens: { gte: 150_000 } }, route: { tier: 'balanced' } },
    { id: 'plan-spec', when: { mode: ['plan'], task: ['spec'] }, route: { tier: 'frontier' } },
    { id: 'plan', when: { mode: ['plan'] }, route: { tier: 'balanced' } },
    { id: 'architect', when: { mode: ['architect'] }, route: { tier: 'frontier' } },
    { id: 'debug-small', when: { mode: ['debug'], inputTokens: { lt: 30_000 } }, route: { tier: 'balanced' } },
    { id: 'debug-triage', when: { mode: ['debug'], task: ['bug-triage'] }, route: { tier: 'balanced' } },
    { id: 'debug', when: { mode: ['debug'] }, route: { tier: 'frontier' } },
    { id: 'tests', when: { mode: ['code'], task: ['test-gen'] }, route: { tier: 'economy' } },
    { id: 'lint', when: { mode: ['code'], task: ['fix-lint'] }, route: { tier: 'economy' } },
    { id: 'refactor', when: { mode: ['code'], task: ['refactor'], inputTokens: { lt: 60_000 } }, route: { tier: 'balanced' } },
    { id: 'code-small', when: { mode: ['code'], inputTokens: { lt: 8_000 } }, route: { tier: 'economy' } },
    {
      id: 'code',
      when: { mode: ['code'] },
      route: { model: 'anthropic/claude-sonnet-4-5' },
      fallbacks: ['openai/gpt-5-mini'],
    },
    { id: 'ask-docs', when: { mode: ['ask'], task: ['search-docs'] }, route: { tier: 'economy' } },
    { id: 'ask-long', when: { mode: ['ask'], inputTokens: { gte: 50_000 } }, route: { tier: 'balanced' } },
    { id: 'ask', when: { mode: ['ask'] }, route: { tier: 'economy' } },
    { id: 'orchestrator-staging', when: { mode: ['orchestrator'], tags: { env: ['staging'] } }, route: { tier: 'economy' } },
    { id: 'orchestrator', when: { mode: ['orchestrator'] }, route: { tier: 'balanced' } },
    { id: 'named', when: { requestedModel: ['anthropic/claude-opus-4-5'] }, route: { tier: 'balanced' } },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
};

/**
 * Twenty rules as a table is usually written: modes, tasks, projects, named models, long inputs at the long-context
 * price bounds (128k, 200k) — all of which the daily rollup answers, so it is read instead of the raw events.
 */
const ROLLUP_CANDIDATE: RoutingDocumentInput = {
  tiers: DEMO_ROUTING_V1.tiers,
  rules: [
    { id: 'research', when: { project: ['project-3', 'project-7'] }, route: { tier: 'frontier' } },
    { id: 'huge', when: { inputTokens: { gte: 200_001 } }, route: { tier: 'balanced' } },
    { id: 'plan-spec', when: { mode: ['plan'], task: ['spec'] }, route: { tier: 'frontier' } },
    { id: 'plan', when: { mode: ['plan'] }, route: { tier: 'balanced' } },
    { id: 'architect', when: { mode: ['architect'] }, route: { tier: 'frontier' } },
    { id: 'debug-long', when: { mode: ['debug'], inputTokens: { gte: 128_001 } }, route: { tier: 'balanced' } },
    { id: 'debug-triage', when: { mode: ['debug'], task: ['bug-triage'] }, route: { tier: 'balanced' } },
    { id: 'debug', when: { mode: ['debug'] }, route: { tier: 'frontier' } },
    { id: 'tests', when: { mode: ['code'], task: ['test-gen'] }, route: { tier: 'economy' } },
    { id: 'lint', when: { mode: ['code'], task: ['fix-lint'] }, route: { tier: 'economy' } },
    { id: 'refactor', when: { mode: ['code'], task: ['refactor'], inputTokens: { lt: 128_001 } }, route: { tier: 'balanced' } },
    { id: 'code-ci', when: { mode: ['code'], project: ['project-1'] }, route: { tier: 'economy' } },
    {
      id: 'code',
      when: { mode: ['code'] },
      route: { model: 'anthropic/claude-sonnet-4-5' },
      fallbacks: ['openai/gpt-5-mini'],
    },
    { id: 'ask-docs', when: { mode: ['ask'], task: ['search-docs'] }, route: { tier: 'economy' } },
    { id: 'ask-long', when: { mode: ['ask'], inputTokens: { gte: 128_001 } }, route: { tier: 'balanced' } },
    { id: 'ask', when: { mode: ['ask'] }, route: { tier: 'economy' } },
    {
      id: 'orchestrator-short',
      when: { mode: ['orchestrator'], task: ['delegate'], inputTokens: { lt: 128_001 } },
      route: { tier: 'economy' },
    },
    { id: 'orchestrator', when: { mode: ['orchestrator'] }, route: { tier: 'balanced' } },
    { id: 'named', when: { requestedModel: ['anthropic/claude-opus-4-5'] }, route: { tier: 'balanced' } },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
};

function* scaledEvents(n: number, end: Date): Generator<{ project: number; event: DemoUsageEvent }> {
  let produced = 0;
  for (let seed = 1; produced < n; seed++) {
    let p = 0;
    const slugIndex = new Map<string, number>();
    for (const { projectSlug, event } of generateDemoEvents({ seed, days: DAYS, end })) {
      if (!slugIndex.has(projectSlug)) slugIndex.set(projectSlug, p++);
      const project = (seed * 4 + slugIndex.get(projectSlug)!) % PROJECTS;
      yield {
        project,
        event: { ...event, event_id: `s${seed}_${event.event_id}`, user: event.user ? `${event.user}-${seed % 12}` : event.user },
      };
      if (++produced === n) return;
    }
  }
}

async function prepare(driver: BenchDriver, target: DatabaseTarget, env: Record<string, string>): Promise<DatabaseHandle> {
  let handle = await openMigratedDatabase(target);
  const ctx = systemContext(handle, 'bench');
  const ids: string[] = [];
  for (let i = 0; i < PROJECTS; i++) ids.push((await createProject(ctx, { name: `Project ${i}`, slug: `project-${i}` })).id);
  await handle.rawQuery(`insert into org_settings (key, value) values ('time_zone', to_jsonb($1::text))`, [TIME_ZONE]);
  await handle.close();
  const started = performance.now();
  const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const loaded = await copyEvents({
    driver,
    env,
    projectIds: ids,
    events: scaledEvents(EVENTS[driver], end),
    end,
    chunkSize: CHUNK,
    progress: { every: 500_000, log: (message) => log(driver, message) },
  });
  handle = await openMigratedDatabase(target);
  for (const grain of ROLLUP_GRAINS) await handle.rawQuery(rebuildRollupSql(grain), []);
  await handle.rawQuery(rebuildSessionsSql(), []);
  await handle.rawQuery('vacuum analyze', []);
  log(driver, `${loaded} events loaded and rolled up in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return handle;
}

/** Peak RSS while `fn` runs, sampled every 20 ms (PGlite runs in this process: its memory counts). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: Math.round(peak / 1_048_576) };
  } finally {
    clearInterval(timer);
  }
}

async function bench(driver: BenchDriver, handle: DatabaseHandle) {
  const db = handle.db;
  const [last] = rowsOf<{ day: string; n: string }>(
    await db.execute((await import('drizzle-orm')).sql`select max(day)::text as day, sum(requests)::text as n from usage_daily_totals`),
  );
  const lastDay = parseCalendarDate(last!.day)!;
  const fromDay = addDays(lastDay, -(DAYS - 1));
  const period = { from: startOfLocalDay(fromDay, TIME_ZONE), to: startOfLocalDay(addDays(lastDay, 1), TIME_ZONE) };
  const pricing = await loadPricingConfig(db);
  const pricer = createPricer(pricing);
  const base = validCandidateDocument(DEMO_ROUTING_V1, 'Demo v1');
  const days = {
    fromDay: `${fromDay.year}-${String(fromDay.month).padStart(2, '0')}-${String(fromDay.day).padStart(2, '0')}`,
    toDay: last!.day,
  };
  const served = await servedModels(db, { ...days, projectIds: [] });
  log(driver, `${Number(last!.n).toLocaleString('en-US')} events`);
  const rollupZone = await getDailyRollupZone(db, period.from);
  let rawRouter: ReturnType<typeof routerForDocument> | null = null;
  for (const [name, input, runs] of [
    ['rollup-answerable', ROLLUP_CANDIDATE, RUNS],
    ['needs raw events', RAW_CANDIDATE, RAW_RUNS],
  ] as const) {
    if (runs === 0) continue;
    const document = validCandidateDocument(input, `The ${name} candidate`);
    const plan = groupingBoundaries({
      period,
      timeZone: TIME_ZONE,
      candidates: [candidateShapeOf(document), candidateShapeOf(base)],
      models: served,
      pricer,
      pricing,
    });
    const scan = planScan(plan, { bands: ROLLUP_INPUT_BANDS, rollupZone });
    const summary = summarizeScan(scan);
    const routers = { candidate: routerForDocument(document), base: routerForDocument(base), tiers: tierModelsOf(base) };
    if (name === 'needs raw events') rawRouter = routers.candidate;
    const once = (topSessions = 10) =>
      runReplay({
        plan: scan.plan,
        pricer,
        routers,
        cache: 'lost-when-moved',
        quality: {},
        topSessions,
        pages: scanPages(db, { scan, projectIds: [] }),
        sessionPages: () =>
          replayRowPages(db, { plan: scan.plan, projectIds: [], bySession: true, slicesPerPage: Number.POSITIVE_INFINITY }),
      });
    const times: number[] = [];
    let peak = 0;
    let out: Awaited<ReturnType<typeof once>> | null = null;
    const warm = runs > 1 ? 1 : 0; // an uncounted first run warms caches and the JIT (none when one run is asked for)
    for (let i = 0; i < runs + warm; i++) {
      const t = performance.now();
      const r = await withPeakRss(() => once());
      if (i >= warm) times.push(performance.now() - t);
      peak = Math.max(peak, r.peakMb);
      out = r.value;
    }
    times.sort((a, b) => a - b);
    const t0 = performance.now();
    await once(0);
    const withoutSessions = performance.now() - t0;
    log(
      driver,
      `${name} candidate, path ${summary.path} (${summary.rollupDays} rollup days, ${summary.rawSlices} raw slices` +
        `${summary.rawReason ? `: ${summary.rawReason}` : ''}): full simulation incl. sessions (${SESSION_SCOPE} costliest) ` +
        `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (${times.length} runs), ` +
        `peak RSS ${peak} MB; ${out!.rows.toLocaleString('en-US')} groups (+${out!.sessionRows.toLocaleString('en-US')} by session), ` +
        `replay ${out!.replayMs} ms, frontier ${out!.frontierMs} ms; ` +
        `savings ${(out!.simulation.totals.comparable.savingsMicros / 1e6).toFixed(2)} $; ` +
        `one run without the sessions pass ${withoutSessions.toFixed(0)} ms`,
    );
  }
  if (NO_NAIVE || !rawRouter) return;

  // The naive replay: every raw event of the period read (a day at a time), routed and priced one by one.
  const naive = await withPeakRss(async () => {
    const t = performance.now();
    const route = rawRouter!;
    let simulated = 0;
    let n = 0;
    const slugs = new Map(
      rowsOf<{ id: string; slug: string }>(await db.execute((await import('drizzle-orm')).sql`select id, slug from projects`)).map((p) => [
        p.id,
        p.slug,
      ]),
    );
    for (let d = fromDay; ; d = addDays(d, 1)) {
      const from = startOfLocalDay(d, TIME_ZONE);
      if (from.getTime() >= period.to.getTime()) break;
      const to = startOfLocalDay(addDays(d, 1), TIME_ZONE);
      const rows = await handle.rawQuery(
        `select project_id, occurred_at, mode, task, user_id, tags, requested_model, provider, model, routing_rule_id, routing_tier,
           input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros
         from usage_events where occurred_at >= $1 and occurred_at < $2`,
        [from.toISOString(), to.toISOString()],
      );
      for (const e of rows) {
        n++;
        const inputTokens = Number(e.input_tokens);
        const choice = route({
          mode: e.mode as string | null,
          task: e.task as string | null,
          project: slugs.get(String(e.project_id)) ?? null,
          user: e.user_id as string | null,
          tags: (typeof e.tags === 'string' ? JSON.parse(e.tags) : e.tags) as Record<string, string>,
          requestedModel: e.requested_model as string | null,
          inputTokens,
        });
        const row = {
          provider: String(e.provider),
          model: String(e.model),
          routing: { ruleId: e.routing_rule_id as string | null, tier: e.routing_tier as string | null },
        };
        if (keepsServedModel(choice, row)) simulated += Number(e.cost_micros ?? 0);
        else {
          const tokens = {
            inputTokens,
            cacheReadTokens: Number(e.cache_read_tokens),
            cacheWrite5mTokens: Number(e.cache_write_5m_tokens),
            cacheWrite1hTokens: Number(e.cache_write_1h_tokens),
            outputTokens: Number(e.output_tokens),
            reasoningTokens: Number(e.reasoning_tokens),
          };
          simulated +=
            pricer.price(choice!.provider, choice!.model, new Date(e.occurred_at as string), movedUsage(tokens, 'lost-when-moved'))
              .costMicros ?? 0;
        }
      }
    }
    return { ms: performance.now() - t, n, simulated };
  });
  log(
    driver,
    `naive per-request replay (the raw-events candidate only): ${naive.value.ms.toFixed(0)} ms for ` +
      `${naive.value.n.toLocaleString('en-US')} events, peak RSS ${naive.peakMb} MB`,
  );
}

async function main() {
  for (const driver of DRIVERS) {
    const reuse = driver === 'postgres' ? REUSE !== '' : REUSE_DIR !== '';
    const db = reuse ? null : await freshDatabase(driver, PG_SERVER);
    const url = new URL(PG_SERVER);
    if (reuse) url.pathname = `/${REUSE}`;
    const env = db?.env ?? (driver === 'postgres' ? { DATABASE_URL: url.toString() } : { SWITCHYARD_DATA_DIR: REUSE_DIR });
    const target: DatabaseTarget = env.DATABASE_URL
      ? { driver: 'postgres', url: env.DATABASE_URL }
      : { driver: 'pglite', dataDir: env.SWITCHYARD_DATA_DIR! };
    try {
      const handle = reuse ? await openDatabase(target) : await prepare(driver, target, env);
      await bench(driver, handle);
      await handle.close();
    } finally {
      if (db && !KEEP) await db.drop();
      else if (db) log(driver, `kept: ${JSON.stringify(env)}`);
    }
  }
}

void main();
