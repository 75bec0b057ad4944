/**
 * Ingestion benchmark: starts the production server on a fresh database (real Postgres and the embedded
 * default), posts N generated events over HTTP in batches with validation, pricing, dedup and rollups on,
 * and prints events/s, p50/p99 batch latency and peak server RSS; then COPYs the same rows into the same
 * table as the physical limit.
 *   npm run bench:ingest -- [--events 200000] [--batch 1000] [--concurrency 4] [--embedded-concurrency 2]
 *                            [--drivers postgres,pglite] [--shape history|live]
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
import { createApiKey } from '@/services/api-keys/create-api-key';
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

async function setUp(env: Record<string, string>): Promise<{ secret: string; projectId: string }> {
  const target = env.DATABASE_URL
    ? ({ driver: 'postgres', url: env.DATABASE_URL } as const)
    : ({ driver: 'pglite', dataDir: env.SWITCHYARD_DATA_DIR! } as const);
  const handle = await openMigratedDatabase(target);
  try {
    const ctx = systemContext(handle, 'bench');
    await createFirstAdmin(ctx, { email: 'bench@example.com', name: 'Bench', password: 'bench password 1' });
    const project = await createProject(ctx, { name: 'Bench', slug: 'bench' });
    const { secret } = await createApiKey(ctx, { projectId: project.id, name: 'bench', scopes: ['ingest'] });
    return { secret, projectId: project.id };
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
    const { secret, projectId } = await setUp(db.env);
    log('database ready');
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
    const result = await postAll(server.url, secret, bodies, CONCURRENCY[driver]);
    const cpuAfter = cpu();
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
    };
  } finally {
    await db.drop();
  }
}

async function main() {
  ensureBuild();
  console.log(
    `Ingestion benchmark (${SHAPE} shape): ${EVENTS} events per driver, batches of ${BATCH}, validation + pricing + dedup + rollups on.`,
  );
  const rows = [];
  for (const [i, driver] of DRIVERS.entries()) rows.push(await run(driver, 3400 + i));
  console.table(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
