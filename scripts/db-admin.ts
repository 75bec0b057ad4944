/**
 * Creates or drops a database on the server of DATABASE_URL, for test runs that need a fresh one.
 *   npx tsx scripts/db-admin.ts create NAME   → prints the new database's URL
 *   npx tsx scripts/db-admin.ts drop NAME
 */
import postgres from 'postgres';

async function main() {
  const [command, name] = process.argv.slice(2);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set.');
  if (!name || !/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error('Give a database name of lower-case letters, digits and underscores.');
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    if (command === 'create') {
      await sql.unsafe(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      console.log(url.toString());
    } else if (command === 'drop') {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } else {
      throw new Error('Usage: db-admin.ts create|drop NAME');
    }
  } finally {
    await sql.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
