/** Applies the committed migrations to the configured database without starting the app. */
import path from 'node:path';
import { openMigratedDatabase, targetFromEnv } from '@/db/client';

async function main() {
  const target = targetFromEnv();
  const handle = await openMigratedDatabase(target);
  await handle.close();
  console.log(
    `Migrated ${target.driver === 'postgres' ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${path.resolve(target.dataDir)}`}.`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
