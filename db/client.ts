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
  /** The process does autovacuum's job itself (embedded PGlite on disk: db/maintenance.ts). */
  maintainsItself: boolean;
  /**
   * LISTEN on a channel on a connection of its own (Postgres only: the embedded database has one process, which
   * signals in-process instead). Resolves once listening; the result stops it.
   */
  listen?: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  close(): Promise<void>;
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
    return {
      db,
      driver: 'postgres',
      rawQuery: (text, params) => client.unsafe(text, params as never[]) as never,
      rawPrepared: (text, params) => client.unsafe(text, params as never[], { prepare: true }) as never,
      maintainsItself: false, // the server runs autovacuum
      listen: async (channel, onPayload) => {
        const { unlisten } = await client.listen(channel, onPayload);
        return unlisten;
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
  const handle: DatabaseHandle = {
    db,
    driver: 'pglite',
    rawQuery: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
    rawPrepared: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
    // Single-user mode: no autovacuum. In-memory databases (tests) are thrown away instead.
    maintainsItself: !inMemory,
    close: async () => {
      await settleMaintenance(handle);
      await client.close();
      releaseLock();
    },
  };
  return handle;
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
