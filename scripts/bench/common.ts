/** Helpers shared by the benchmark scripts: fresh databases, a production server, RSS sampling, percentiles. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { EVENT_COLUMN_NAMES, monthsOf, toColumnArrays } from '@/db/ingest/write-events';
import type { DemoUsageEvent } from '@/lib/demo/generator';
import { prepareRows } from '@/lib/ingest/prepare-rows';
import type { UsageEventRow } from '@/lib/ingest/to-row';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';

export type BenchDriver = 'postgres' | 'pglite';

export interface BenchDatabase {
  driver: BenchDriver;
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function freshDatabase(driver: BenchDriver, serverUrl: string): Promise<BenchDatabase> {
  if (driver === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-'));
    return { driver, env: { SWITCHYARD_DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sy_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    driver,
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function ensureBuild(): void {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npx next build` (npm run demo does it) first.');
}

export interface Server {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>, port: number): Promise<Server> {
  const profile = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, ...profile, 'scripts/serve.mjs', '-p', String(port)], {
    env: {
      ...process.env,
      ...env,
      DATABASE_URL: env.DATABASE_URL ?? '',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXTAUTH_URL: `http://localhost:${port}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident memory of a process, sampled every 100 ms from /proc. */
export function sampleRss(pid: number): { peakMb(): number; stop(): void } {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // process gone
    }
  };
  read();
  const timer = setInterval(read, 100);
  return { peakMb: () => peak, stop: () => clearInterval(timer) };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** CPU seconds used so far by the processes whose command line matches, from /proc (Linux). */
export function cpuSeconds(match: (cmdline: string, pid: number) => boolean): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!match(cmdline, pid)) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / 100;
}

/** Stored rows as COPY CSV lines (the write path's column order after project_id). */
export function rowsToCsv(projectIdOf: (index: number) => string, rows: readonly UsageEventRow[]): string {
  const columns = toColumnArrays(rows);
  const quote = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) lines.push([projectIdOf(i), ...columns.map((c) => c[i]!)].map((v) => quote(v)).join(','));
  return `${lines.join('\n')}\n`;
}

export const COPY_EVENTS_SQL = `copy usage_events (${['project_id', ...EVENT_COLUMN_NAMES].join(', ')}) from stdin with (format csv)`;

/**
 * Validates and prices generated events as ingestion does (prepareRows), then COPYs them into usage_events in
 * chunks, creating month partitions as they appear. The rollups are rebuilt by the caller afterwards.
 */
export async function copyEvents(options: {
  driver: BenchDriver;
  env: Record<string, string>;
  projectIds: string[];
  events: Iterable<{ project: number; event: DemoUsageEvent }>;
  end: Date;
  chunkSize: number;
  /** Logs "N events loaded" each time the count passes a multiple of `every`. */
  progress?: { every: number; log: (message: string) => void };
}): Promise<number> {
  const { driver, env, projectIds } = options;
  const pricer = createPricer(EMPTY_PRICING_CONFIG);
  const window = { now: options.end, lateArrivalDays: null };
  const pg = driver === 'postgres' ? postgres(env.DATABASE_URL!, { max: 1, onnotice: () => {} }) : null;
  const lite = driver === 'pglite' ? await PGlite.create(path.resolve(env.SWITCHYARD_DATA_DIR!, 'pglite')) : null;
  const months = new Set<string>();
  let loaded = 0;
  let chunk: { project: number; event: DemoUsageEvent }[] = [];
  const flush = async () => {
    const { rows } = prepareRows(
      chunk.map((c) => ({ ok: true as const, value: c.event })),
      window,
      pricer,
    );
    for (const month of monthsOf(rows)) {
      if (months.has(month)) continue;
      months.add(month);
      if (pg) await pg.unsafe('select switchyard_ensure_usage_partition($1::date)', [month]);
      else await lite!.query('select switchyard_ensure_usage_partition($1::date)', [month]);
    }
    const csv = rowsToCsv((i) => projectIds[chunk[i]!.project]!, rows);
    if (pg) await pipeline(Readable.from([csv]), await pg.unsafe(COPY_EVENTS_SQL).writable());
    else await lite!.query(COPY_EVENTS_SQL.replace('from stdin', "from '/dev/blob'"), [], { blob: new Blob([csv]) });
    loaded += rows.length;
    chunk = [];
    const p = options.progress;
    if (p && Math.floor(loaded / p.every) > Math.floor((loaded - rows.length) / p.every)) p.log(`${loaded} events loaded`);
  };
  for (const item of options.events) {
    chunk.push(item);
    if (chunk.length === options.chunkSize) await flush();
  }
  if (chunk.length > 0) await flush();
  await pg?.end();
  await lite?.close();
  return loaded;
}
