/**
 * Applies the committed drizzle-kit migrations (db/migrations). On Postgres an advisory lock makes
 * concurrent starts of several instances safe; PGlite has a single connection and needs none.
 */
import path from 'node:path';
import type { DatabaseHandle, DatabaseTarget } from './client';

const MIGRATION_LOCK_ID = 727_001;

export function migrationsFolder(): string {
  return path.join(process.cwd(), 'db', 'migrations');
}

export async function applyMigrations(handle: DatabaseHandle, target: DatabaseTarget): Promise<void> {
  if (target.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder: migrationsFolder() });
    return;
  }
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
  } finally {
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}
