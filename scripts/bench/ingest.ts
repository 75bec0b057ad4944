/**
 * Ingestion benchmark: starts the production server on a fresh database (real Postgres and the embedded
 * default), posts N generated events over HTTP in batches with validation, pricing, dedup and rollups on,
 * and prints events/s, p50/p99 batch latency and peak server RSS; then COPYs the same rows into the same
 * table as the physical limit.
 *   npm run bench:ingest -- [--events 200000] [--batch 1000] [--concurrency 4] [--embedded-concurrency 2]
 *                            [--drivers postgres,pglite] [--shape history|live] [--budgets 100] [--runs 1]
 * `--budgets N` also defines N active budgets of mixed scopes (org-wide, project, mode, user, tags, tier) and,
 * while the load runs, a probe posts one event at a time into its own project and long-polls
 * GET /api/v1/budgets/state until its budget's spend counts it: freshness, acknowledgement → state visible.
 * `--runs N` repeats each driver's run N times, each on a fresh database, and adds the median of each figure:
 * on this shared 2-core machine one run's ratio to COPY moves by a few points from run to run.
 */
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openMigratedDatabase } from '@/db/client';
import { generateDemoEvents, type DemoUsageEvent } from '@/lib/demo/generator';
import { prepareRows } from '@/lib/ingest/prepare-rows';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';
import { listTiers } from '@/db/queries/models';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { createBudget } from '@/services/budgets/create-budget';
import { systemContext } from '@/services/context';
import { createProject } from '@/services/projects/create-project';
import { createFirstAdmin } from '@/services/setup/create-first-admin';
import {
  arg,
  COPY_EVENTS_SQL,
  cpuSeconds,
  ensureBuild,
  freshDatabase,
  percentile,
  rowsToCsv,
  sampleRss,
  startServer,
  type BenchDriver,
} from './common';

const EVENTS = Number(arg('events', '200000'));
const BATCH = Number(arg('batch', '1000'));
/** Concurrent clients per driver: the embedded database is one connection, so more clients only queue. */
const CONCURRENCY: Record<BenchDriver, number> = {
  postgres: Number(arg('concurrency', '4')),
  pglite: Number(arg('embedded-concurrency', '2')),
};
const DRIVERS = arg('drivers', 'postgres,pglite').split(',') as BenchDriver[];
const PG_SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * history: 30 days of generated traffic in generator order (each batch spans many hours: ~360 hourly rollup
 * keys per batch, like a backfill). live: the same events in time order squeezed into the last hour, as a
 * gateway sends them (each batch spans about a minute).
 */
const SHAPE = arg('shape', 'history') as 'history' | 'live';
const BUDGETS = Number(arg('budgets', '0'));
const RUNS = Number(arg('runs', '1'));

function makeEvents(n: number, runTag: string): DemoUsageEvent[] {
  const out: DemoUsageEvent[] = [];
  const end = new Date();
  for (let seed = 1; out.length < n; seed++) {
    for (const { event } of generateDemoEvents({ seed, days: 30, end })) {
      out.push({ ...event, event_id: `${runTag}_${event.event_id}` });
      if (out.length === n) break;
    }
  }
  if (SHAPE === 'history') return out;
  out.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const start = end.getTime() - 3_600_000;
  return out.map((e, i) => ({ ...e, timestamp: new Date(start + Math.floor((i / out.length) * 3_600_000)).toISOString() }));
}

interface Probe {
  ingestKey: string;
  stateKey: string;
  budgetId: string;
}

interface SetUp {
  secret: string;
  projectId: string;
  probe: Probe | null;
}

/** N budgets of mixed scopes over the bench project and the whole organisation; a probe project with its own budget. */
async function defineBudgets(ctx: ReturnType<typeof systemContext>, projectId: string): Promise<Probe> {
  const modes = ['code', 'plan', 'ask', 'debug', 'architect'];
  const users = ['ana', 'bruno', 'chen', 'dara', 'eli', 'farah', 'gus', 'hana', 'ivan', 'jo', 'kemal', 'lena', 'marco'];
  const teams = ['payments', 'infra', 'data', 'support'];
  const tiers = (await listTiers(ctx.db)).map((t) => t.name);
  const kinds = ['day', 'week', 'month', 'quarter'] as const;
  for (let i = 0; i < BUDGETS; i++) {
    const n = Math.floor(i / 6);
    const scopes = [
      {},
      { project: [projectId] },
      { mode: [modes[n % modes.length]!] },
      { user: [users[n % users.length]!] },
      { tags: { team: [teams[n % teams.length]!] } },
      { project: [projectId], tier: [tiers[n % tiers.length]!] },
    ];
    const budget = { name: `Bench ${i}`, period: { kind: kinds[n % kinds.length]! }, amount: 1_000 + i * 10, scope: scopes[i % 6] };
    await createBudget(ctx, budget);
  }
  const probe = await createProject(ctx, { name: 'Probe', slug: 'probe' });
  const budget = await createBudget(ctx, { name: 'Probe', period: { kind: 'month' }, amount: 1_000_000, scope: { project: [probe.id] } });
  return {
    ingestKey: (await createApiKey(ctx, { projectId: probe.id, name: 'probe', scopes: ['ingest'] })).secret,
    stateKey: (await createApiKey(ctx, { projectId: probe.id, name: 'gateway', scopes: ['routing:read'] })).secret,
    budgetId: budget.id,
  };
}

/**
 * While `loading()`, one event at a time into the probe project; after each acknowledgement, long-polls the state
 * until the probe budget's spend has grown: the times from acknowledgement to that answer.
 */
async function probeFreshness(url: string, probe: Probe, loading: () => boolean): Promise<number[]> {
  const times: number[] = [];
  let etag: string | null = null;
  let spend = -1;
  const read = async (wait: number) => {
    const res = await fetch(`${url}/api/v1/budgets/state?wait=${wait}`, {
      headers: { authorization: `Bearer ${probe.stateKey}`, ...(etag ? { 'if-none-match': etag } : {}) },
    });
    etag = res.headers.get('etag') ?? etag;
    if (res.status !== 200) return spend;
    const body = (await res.json()) as { budgets: Array<{ id: string; spendMicros: number }> };
    return body.budgets.find((b) => b.id === probe.budgetId)?.spendMicros ?? 0;
  };
  spend = await read(0);
  for (let i = 0; loading(); i++) {
    const event = {
      event_id: `probe-${Date.now()}-${i}`,
      timestamp: new Date().toISOString(),
      provider: 'openai',
      model: 'gpt-5-mini',
      mode: 'code',
      usage: { input_tokens: 100_000, output_tokens: 1_000 },
    };
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${probe.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [event] }),
    });
    const acked = performance.now();
    if (res.status !== 200) throw new Error(`probe ingest answered ${res.status}`);
    const before = spend;
    while (spend <= before && performance.now() - acked < 60_000) spend = await read(10);
    times.push(performance.now() - acked);
    await new Promise((r) => setTimeout(r, 250));
  }
  return times.sort((a, b) => a - b);
}

async function setUp(env: Record<string, string>): Promise<SetUp> {
  const target = env.DATABASE_URL
    ? ({ driver: 'postgres', url: env.DATABASE_URL } as const)
    : ({ driver: 'pglite', dataDir: env.SWITCHYARD_DATA_DIR! } as const);
  const handle = await openMigratedDatabase(target);
  try {
    const ctx = systemContext(handle, 'bench');
    await createFirstAdmin(ctx, { email: 'bench@example.com', name: 'Bench', password: 'bench password 1' });
    const project = await createProject(ctx, { name: 'Bench', slug: 'bench' });
    const { secret } = await createApiKey(ctx, { projectId: project.id, name: 'bench', scopes: ['ingest'] });
    return { secret, projectId: project.id, probe: BUDGETS > 0 ? await defineBudgets(ctx, project.id) : null };
  } finally {
    await handle.close();
  }
}

/** One POST over a kept-alive connection; node:http with a ready Buffer costs the shared cores far less than fetch. */
function post(agent: http.Agent, url: URL, secret: string, body: Buffer): Promise<{ status: number; json: { accepted?: number } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function postAll(url: string, secret: string, bodies: Buffer[], concurrency: number) {
  const latencies: number[] = [];
  const timeline: { index: number; ms: number }[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL('/api/v1/events', url);
  let accepted = 0;
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      const started = performance.now();
      const { status, json } = await post(agent, target, secret, bodies[index]!);
      latencies.push(performance.now() - started);
      timeline.push({ index, ms: performance.now() - started });
      if (status === 200) accepted += json.accepted ?? 0;
      else failures += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  const slowest = timeline.sort((a, b) => b.ms - a.ms).slice(0, 4);
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b), accepted, failures, slowest };
}

function csvOf(projectId: string, events: DemoUsageEvent[]): string {
  const { rows } = prepareRows(
    events.map((value) => ({ ok: true as const, value })),
    { now: new Date(), lateArrivalDays: null },
    createPricer(EMPTY_PRICING_CONFIG),
  );
  return rowsToCsv(() => projectId, rows);
}

/** The physical limit: COPY the same rows (fresh ids) straight into usage_events. */
async function copyRate(env: Record<string, string>, projectId: string, events: DemoUsageEvent[]): Promise<number> {
  const csv = csvOf(
    projectId,
    events.map((e) => ({ ...e, event_id: `copy_${e.event_id}` })),
  );
  const statement = COPY_EVENTS_SQL;
  if (env.DATABASE_URL) {
    const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
    const started = performance.now();
    await pipeline(Readable.from([csv]), await sql.unsafe(statement).writable());
    const seconds = (performance.now() - started) / 1000;
    await sql.end();
    return events.length / seconds;
  }
  const pg = await PGlite.create(path.resolve(env.SWITCHYARD_DATA_DIR!, 'pglite'));
  const started = performance.now();
  await pg.query(statement.replace('from stdin', "from '/dev/blob'"), [], { blob: new Blob([csv]) });
  const seconds = (performance.now() - started) / 1000;
  await pg.close();
  return events.length / seconds;
}

async function run(driver: BenchDriver, port: number) {
  const db = await freshDatabase(driver, PG_SERVER);
  const log = (msg: string) => console.log(`[${driver}] ${msg}`);
  try {
    const { secret, projectId, probe } = await setUp(db.env);
    log(`database ready${probe ? `, ${BUDGETS} budgets defined` : ''}`);
    const events = makeEvents(EVENTS, `b${Date.now()}`);
    const bodies: Buffer[] = [];
    for (let i = 0; i < events.length; i += BATCH) bodies.push(Buffer.from(JSON.stringify({ events: events.slice(i, i + BATCH) })));
    log(`${bodies.length} batches prepared; starting the server`);
    const server = await startServer(db.env, port);
    log('server up; posting');
    const rss = sampleRss(server.process.pid!);
    // Warm-up, not counted: one real batch per client (JIT, first partitions, caches), with their own ids.
    const warmup = makeEvents(BATCH * CONCURRENCY[driver], `w${Date.now()}`);
    const warmBodies: Buffer[] = [];
    for (let i = 0; i < warmup.length; i += BATCH) warmBodies.push(Buffer.from(JSON.stringify({ events: warmup.slice(i, i + BATCH) })));
    await postAll(server.url, secret, warmBodies, CONCURRENCY[driver]);
    const serverPid = server.process.pid!;
    const cpu = () => ({
      server: cpuSeconds((_, pid) => pid === serverPid),
      db: cpuSeconds((cmd) => cmd.startsWith('postgres:')),
      client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    });
    const cpuBefore = cpu();
    let loading = true;
    const probing = probe ? probeFreshness(server.url, probe, () => loading) : Promise.resolve([]);
    const result = await postAll(server.url, secret, bodies, CONCURRENCY[driver]);
    const cpuAfter = cpu();
    loading = false;
    const fresh = await probing;
    rss.stop();
    await server.stop();
    log(
      `server stopped; slowest batches (ms, in order sent): ${result.slowest.map((l) => `#${l.index}:${Math.round(l.ms)}`).join(' ')}; ` +
        'COPY baseline',
    );
    const copy = await copyRate(db.env, projectId, events);
    const rate = result.accepted / result.seconds;
    return {
      driver,
      clients: CONCURRENCY[driver],
      events: result.accepted,
      failures: result.failures,
      seconds: result.seconds.toFixed(1),
      'events/s': Math.round(rate),
      'p50 ms': Math.round(percentile(result.latencies, 50)),
      'p99 ms': Math.round(percentile(result.latencies, 99)),
      'peak RSS MB': Math.round(rss.peakMb()),
      'CPU s server/db/client': [
        (cpuAfter.server - cpuBefore.server).toFixed(1),
        driver === 'postgres' ? (cpuAfter.db - cpuBefore.db).toFixed(1) : '-',
        (cpuAfter.client - cpuBefore.client).toFixed(1),
      ].join('/'),
      'COPY rows/s': Math.round(copy),
      'vs COPY': `${Math.round((rate / copy) * 100)} %`,
      ...(probe
        ? {
            budgets: BUDGETS,
            'fresh p50/p99 ms (probes)': `${Math.round(percentile(fresh, 50))}/${Math.round(percentile(fresh, 99))} (${fresh.length})`,
          }
        : {}),
    };
  } finally {
    await db.drop();
  }
}

type RunRow = Awaited<ReturnType<typeof run>>;

/** Each numeric figure's median over the runs (the ratio to COPY as the median of the runs' ratios). */
function medianRow(runs: RunRow[]): Record<string, string | number> {
  const mid = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const m = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  };
  const row: Record<string, string | number> = { driver: `${runs[0]!.driver} (median of ${runs.length})` };
  for (const key of ['events/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'COPY rows/s'] as const)
    row[key] = Math.round(mid(runs.map((r) => r[key])));
  row['vs COPY'] = `${Math.round(mid(runs.map((r) => r['events/s'] / r['COPY rows/s'])) * 100)} %`;
  const fresh = runs
    .map((r) => (r as Record<string, unknown>)['fresh p50/p99 ms (probes)'])
    .filter((f): f is string => typeof f === 'string');
  if (fresh.length > 0) {
    const pairs = fresh.map((f) => f.split(' ')[0]!.split('/').map(Number));
    row['fresh p50/p99 ms (probes)'] = `${Math.round(mid(pairs.map((p) => p[0]!)))}/${Math.round(mid(pairs.map((p) => p[1]!)))}`;
  }
  return row;
}

async function main() {
  ensureBuild();
  console.log(
    `Ingestion benchmark (${SHAPE} shape): ${EVENTS} events per driver, batches of ${BATCH}, validation + pricing + dedup + rollups on` +
      `${BUDGETS > 0 ? `, ${BUDGETS} active budgets and a freshness probe` : ''}.`,
  );
  const rows = [];
  for (const [i, driver] of DRIVERS.entries()) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await run(driver, 3400 + i));
    rows.push(...runs);
    if (RUNS > 1) rows.push(medianRow(runs));
  }
  console.table(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
