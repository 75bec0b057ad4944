/**
 * A fresh, migrated database for one test file, on the driver the run targets: a new Postgres
 * database on the DATABASE_URL server (dropped afterwards), or an in-memory PGlite otherwise.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openMigratedDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';

export interface TestDatabase extends DatabaseHandle {
  target: DatabaseTarget;
  /** Closes the connection and drops the database. */
  destroy(): Promise<void>;
}

export function testDriver(): 'postgres' | 'pglite' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const target = { driver: 'pglite', dataDir: 'memory://' } as const;
    const handle = await openMigratedDatabase(target);
    return { ...handle, target, destroy: handle.close };
  }
  const name = `sy_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const target = { driver: 'postgres', url: url.toString(), poolMax: 10 } as const;
  const handle = await openMigratedDatabase(target);
  return {
    ...handle,
    target,
    async destroy() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
