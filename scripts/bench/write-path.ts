/**
 * Write-path benchmark: what each rollup grain costs at ingest. For each variant (a set of grains) it
 * writes the same generated events (30 days, in generator order: the ingestion benchmark's history shape)
 * into a fresh database with the write statement generated for that set, one batch after another on one
 * connection, and prints the time per event (and, on Postgres, the server's CPU per event). No HTTP, no
 * validation or pricing (done once, up front): only the statement, so differences between variants are
 * the grains' own cost.
 *   npm run bench:write-path -- [--events 60000] [--batch 1000] [--drivers postgres,pglite]
 *                               [--variants all,none,-hourlyUsers,…]   (-name: every grain but that one)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMigratedDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { ensurePartitions, toJsonParameter, writeEventsSql } from '@/db/ingest/write-events';
import { systemContext } from '@/services/context';
import { createProject } from '@/services/projects/create-project';
import { generateDemoEvents } from '@/lib/demo/generator';
import { prepareRows } from '@/lib/ingest/prepare-rows';
import { ROLLUP_GRAINS, type RollupGrain } from '@/lib/ingest/rollup-grains';
import type { UsageEventRow } from '@/lib/ingest/to-row';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';
import { arg, cpuSeconds, freshDatabase, type BenchDriver } from './common';

const EVENTS = Number(arg('events', '60000'));
const BATCH = Number(arg('batch', '1000'));
const WARMUP_BATCHES = 5;
const DRIVERS = arg('drivers', 'postgres,pglite').split(',') as BenchDriver[];
const PG_SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const VARIANTS = arg('variants', ['all', 'none', ...ROLLUP_GRAINS.map((g) => `-${g.name}`)].join(',')).split(',');

function grainsOf(variant: string): { grains: RollupGrain[]; sessions: boolean } {
  if (variant === 'all') return { grains: [...ROLLUP_GRAINS], sessions: true };
  if (variant === 'none') return { grains: [], sessions: false };
  if (variant === '-sessions') return { grains: [...ROLLUP_GRAINS], sessions: false };
  const name = variant.replace(/^-/, '');
  if (!ROLLUP_GRAINS.some((g) => g.name === name)) throw new Error(`unknown grain ${name} (variants: all, none, -<grain>, -sessions)`);
  return { grains: ROLLUP_GRAINS.filter((g) => g.name !== name), sessions: true };
}

function batches(): UsageEventRow[][] {
  const events = [];
  const end = new Date();
  for (let seed = 1; events.length < EVENTS + WARMUP_BATCHES * BATCH; seed++) {
    for (const { event } of generateDemoEvents({ seed, days: 30, end })) {
      events.push({ ok: true as const, value: { ...event, event_id: `s${seed}_${event.event_id}` } });
      if (events.length === EVENTS + WARMUP_BATCHES * BATCH) break;
    }
  }
  const { rows } = prepareRows(events, { now: end, lateArrivalDays: null }, createPricer(EMPTY_PRICING_CONFIG));
  const out: UsageEventRow[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

async function time(driver: BenchDriver, variant: string, all: UsageEventRow[][]) {
  const db = await freshDatabase(driver, PG_SERVER);
  const target: DatabaseTarget = db.env.DATABASE_URL
    ? { driver: 'postgres', url: db.env.DATABASE_URL, poolMax: 1 }
    : { driver: 'pglite', dataDir: db.env.SWITCHYARD_DATA_DIR! };
  let handle: DatabaseHandle | null = null;
  try {
    handle = await openMigratedDatabase(target);
    const project = await createProject(systemContext(handle, 'bench'), { name: 'Bench', slug: 'bench' });
    const { grains, sessions } = grainsOf(variant);
    const statement = writeEventsSql(grains, sessions);
    for (const rows of all) await ensurePartitions(handle, rows);
    // As the app runs it (db/ingest/write-events.ts): on PGlite a sequence in one transaction, on Postgres one statement.
    const write = async (rows: UsageEventRow[]) => {
      const params = [project.id, toJsonParameter(rows)];
      return driver === 'pglite' ? (await handle!.rawSequence(statement, [params]))[0]! : handle!.rawPrepared(statement, params);
    };
    for (const rows of all.slice(0, WARMUP_BATCHES)) await write(rows);
    const dbCpu = () => (driver === 'postgres' ? cpuSeconds((cmd) => cmd.startsWith('postgres:')) : 0);
    const ownCpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    const [cpu0, own0, t0] = [dbCpu(), ownCpu(), performance.now()];
    let events = 0;
    for (const rows of all.slice(WARMUP_BATCHES)) {
      await write(rows);
      events += rows.length;
    }
    const seconds = (performance.now() - t0) / 1000;
    const perEvent = (s: number) => Number(((s / events) * 1e6).toFixed(1));
    return {
      driver,
      variant,
      grains: grains.length + (sessions ? 1 : 0),
      'µs/event (wall)': perEvent(seconds),
      'µs/event db CPU': driver === 'postgres' ? perEvent(dbCpu() - cpu0) : '-',
      'µs/event this process CPU': perEvent(ownCpu() - own0),
      'events/s': Math.round(events / seconds),
    };
  } finally {
    await handle?.close();
    await db.drop();
  }
}

async function main() {
  console.log(`Write-path benchmark: ${EVENTS} events per variant (after ${WARMUP_BATCHES} warm-up batches), batches of ${BATCH}.`);
  const all = batches();
  const rows = [];
  for (const driver of DRIVERS) {
    for (const variant of VARIANTS) {
      const r = await time(driver, variant, all);
      console.log(JSON.stringify(r));
      rows.push(r);
    }
  }
  console.table(rows);
  fs.writeFileSync(path.join(os.tmpdir(), 'switchyard-write-path.json'), JSON.stringify(rows, null, 2));
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
