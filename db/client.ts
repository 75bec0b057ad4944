/**
 * The driver switch, and the only place that opens a database.
 * DATABASE_URL set → postgres.js against that server; unset → embedded PGlite persisted in the data
 * folder. Nothing connects at import time (so `next build` never touches a database): the first
 * `getDatabaseHandle()` opens and migrates, once per process (server/context.ts then bootstraps the first admin).
 */
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { getDataDir, getEnv } from '@/lib/env';
import { acquireFolderLock } from './folder-lock';
import { settleMaintenance } from './maintenance';
import { applyMigrations } from './migrate';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Driver = 'postgres' | 'pglite';

/** Plain SQL with positional parameters, for the ingestion hot path (one statement per batch). */
export type RawQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  /** One plain statement outside any explicit transaction (a single statement is atomic on its own). */
  rawQuery: RawQuery;
  /** Like rawQuery, as a named prepared statement where the driver supports it (planned once). */
  rawPrepared: RawQuery;
  /**
   * One statement run once per parameter set, in one transaction (all or nothing); the rows of each. On PGlite the
   * event loop gets a turn between them: a statement there runs synchronously on the app's one thread.
   */
  rawSequence(text: string, paramSets: readonly unknown[][]): Promise<Record<string, unknown>[][]>;
  /** The process does autovacuum's job itself (embedded PGlite on disk: db/maintenance.ts). */
  maintainsItself: boolean;
  /**
   * LISTEN on a channel: the callback gets each NOTIFY's payload (sent by any connection, delivered at its
   * commit); resolves to the unlisten function. Postgres: one dedicated connection per process; PGlite: in-process.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const drivers = new WeakMap<object, Driver>();

/** The driver under a database opened here (undefined for a transaction's handle): the one test for reads that differ by driver. */
export function driverOf(db: Database): Driver | undefined {
  return drivers.get(db);
}

export type DatabaseTarget = { driver: 'postgres'; url: string; poolMax?: number } | { driver: 'pglite'; dataDir: string };

/** `memory://` as the PGlite folder gives a throw-away in-memory database (tests). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.driver === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    // Session settings for a dashboard workload: JIT compiling costs more than the short aggregates it
    // would speed up (tens of ms per query), a larger work_mem keeps dashboard sorts in memory, and a lower
    // parallel_tuple_cost (default 0.1) lets a view that reads raw events scan them with parallel workers.
    const connection = { jit: 'off', work_mem: '32MB', parallel_tuple_cost: '0.01' };
    const client = postgres(target.url, { max: target.poolMax ?? 10, onnotice: () => {}, connection });
    const db = drizzle(client, { schema }) as unknown as Database;
    drivers.set(db, 'postgres');
    return {
      db,
      driver: 'postgres',
      rawQuery: (text, params) => client.unsafe(text, params as never[]) as never,
      rawPrepared: (text, params) => client.unsafe(text, params as never[], { prepare: true }) as never,
      rawSequence: async (text, paramSets) => {
        const out: Record<string, unknown>[][] = [];
        await client.begin(async (tx) => {
          for (const params of paramSets) out.push((await tx.unsafe(text, params as never[], { prepare: true })) as never);
        });
        return out;
      },
      maintainsItself: false, // the server runs autovacuum
      listen: async (channel, onPayload) => {
        const request = await client.listen(channel, onPayload);
        return () => request.unlisten();
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = target.dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : acquireFolderLock(path.resolve(target.dataDir));
  const client = await PGlite.create(inMemory ? target.dataDir : path.resolve(target.dataDir, 'pglite'), {
    // The embedded database shares the app's process: keep its buffer cache and vacuum memory modest.
    postgresqlconf: ['shared_buffers = 32MB', 'maintenance_work_mem = 4MB'],
  });
  const db = drizzle(client, { schema }) as unknown as Database;
  drivers.set(db, 'pglite');
  const prepared = preparedStatements();
  const handle: DatabaseHandle = {
    db,
    driver: 'pglite',
    rawQuery: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
    rawPrepared: (text, params) => prepared.run(client, text, params),
    rawSequence: (text, paramSets) =>
      client.transaction(async (tx) => {
        // The sequence's statement keeps one plan (its cost does not depend on the values: one JSON parameter);
        // only here, as every query of the app goes through the plan cache and needs plans for its own values.
        await tx.query('set local plan_cache_mode = force_generic_plan');
        const out: Record<string, unknown>[][] = [];
        for (const [i, params] of paramSets.entries()) {
          // Between statements, let HTTP answers and timers run (each statement blocks the thread while it runs).
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          out.push(await prepared.run(tx, text, params));
        }
        return out;
      }),
    // Single-user mode: no autovacuum. In-memory databases (tests) are thrown away instead.
    maintainsItself: !inMemory,
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    close: async () => {
      await settleMaintenance(handle);
      await client.close();
      releaseLock();
    },
  };
  return handle;
}

type PGliteQuerier = { query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> };

/**
 * Named prepared statements on PGlite, which plans every query it is sent (its protocol has no statement cache):
 * PREPARE once per text, then EXECUTE with the values as SQL literals (EXECUTE takes no bind parameters). The
 * ingestion statement's plan alone took ≈ 20 ms a batch. Values: strings, numbers, booleans or null.
 */
function preparedStatements() {
  // The preparation's promise, so that two first uses of a text at once share one PREPARE.
  const names = new Map<string, Promise<string>>();
  let counter = 0;
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
    throw new Error(`a prepared statement's value must be a string, number, boolean or null, not ${typeof v}`);
  };
  return {
    async run(q: PGliteQuerier, text: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
      let naming = names.get(text);
      if (!naming) {
        const fresh = `sy_prepared_${++counter}`;
        naming = q.query(`prepare ${fresh} as ${text}`).then(() => fresh);
        names.set(text, naming);
        naming.catch(() => names.get(text) === naming && names.delete(text));
      }
      const name = await naming;
      const args = params.length > 0 ? `(${params.map(literal).join(', ')})` : '';
      return (await q.query<Record<string, unknown>>(`execute ${name}${args}`)).rows;
    },
  };
}

export function targetFromEnv(): DatabaseTarget {
  const env = getEnv();
  if (env.DATABASE_URL) return { driver: 'postgres', url: env.DATABASE_URL, poolMax: env.SWITCHYARD_DB_POOL_MAX };
  return { driver: 'pglite', dataDir: getDataDir() };
}

/** Opens and migrates a database; the caller owns the handle (scripts, tests). */
export async function openMigratedDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  const handle = await openDatabase(target);
  try {
    await applyMigrations(handle, target);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

const globalCache = globalThis as unknown as { __switchyardDb?: Promise<DatabaseHandle> };

/** The process-wide database of the running app, opened and migrated on first use. */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  globalCache.__switchyardDb ??= openMigratedDatabase(targetFromEnv()).catch((err) => {
    globalCache.__switchyardDb = undefined;
    throw err;
  });
  return globalCache.__switchyardDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}
