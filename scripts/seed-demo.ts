/**
 * Migrates the configured database, makes sure someone can sign in, and loads demo traffic when the
 * database holds no usage yet. Events go through ingestItems (services/ingest), the same path as ingestion.
 *   npx tsx --conditions react-server scripts/seed-demo.ts              (DATABASE_URL or the embedded default)
 *   npx tsx --conditions react-server scripts/seed-demo.ts --no-admin   (no first admin: the setup page makes it; e2e tests)
 * (`react-server` lets it import services, which are marked `server-only`.)
 * Each demo project gets one API key with the ingest scope; the keys are kept in <data dir>/demo-api-keys.txt
 * (mode 600, as the demo admin's password) and printed with the sign-in instructions.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openMigratedDatabase, targetFromEnv, type DatabaseHandle } from '@/db/client';
import { maintainUsageTables, settleMaintenance } from '@/db/maintenance';
import { listApiKeys } from '@/db/queries/api-keys';
import { getProjectBySlug } from '@/db/queries/projects';
import { hasAnyUsage } from '@/db/queries/usage-events';
import { countUsers } from '@/db/queries/users';
import { DEMO_PROJECTS } from '@/lib/demo/catalog';
import { generateDemoEvents, type DemoUsageEvent } from '@/lib/demo/generator';
import { getDataDir, getEnv } from '@/lib/env';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { type ServiceContext, systemContext } from '@/services/context';
import { ingestItems } from '@/services/ingest/ingest-items';
import { createProject } from '@/services/projects/create-project';
import { bootstrapAdminFromEnv } from '@/services/setup/bootstrap-admin-from-env';
import { createFirstAdmin } from '@/services/setup/create-first-admin';

const BATCH = 2_000;
const DEMO_ADMIN_EMAIL = 'admin@switchyard.local';

async function ensureSignIn(ctx: ServiceContext): Promise<string> {
  const fromEnv = await bootstrapAdminFromEnv(ctx);
  if (fromEnv.created) return `Sign in as ${fromEnv.email} with ADMIN_PASSWORD.`;
  const credentialsFile = path.resolve(getDataDir(), 'demo-admin.txt');
  if ((await countUsers(ctx.db)) === 0) {
    const password = randomBytes(9).toString('base64url');
    await createFirstAdmin(ctx, { email: DEMO_ADMIN_EMAIL, name: 'Demo admin', password });
    fs.mkdirSync(path.dirname(credentialsFile), { recursive: true });
    fs.writeFileSync(credentialsFile, `email: ${DEMO_ADMIN_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
  }
  if (fs.existsSync(credentialsFile)) {
    const credentials = fs.readFileSync(credentialsFile, 'utf8').trimEnd().replace(/^/gm, '    ');
    return `Sign in with the demo admin (also in ${credentialsFile}):\n${credentials}`;
  }
  return 'Sign in with your existing account.';
}

const DEMO_KEY_NAME = 'demo ingest key';

/** One ingest key per demo project (created once; a secret is shown only when made, so they are kept in a file). */
async function ensureDemoApiKeys(ctx: ServiceContext): Promise<string> {
  const keysFile = path.resolve(getDataDir(), 'demo-api-keys.txt');
  if (!fs.existsSync(keysFile)) {
    const existing = await listApiKeys(ctx.db);
    const lines: string[] = [];
    for (const p of DEMO_PROJECTS) {
      const project = await getProjectBySlug(ctx.db, { slug: p.slug });
      if (!project || existing.some((k) => k.projectId === project.id && k.name === DEMO_KEY_NAME)) continue;
      const { secret } = await createApiKey(ctx, { projectId: project.id, name: DEMO_KEY_NAME, scopes: ['ingest'] });
      lines.push(`${p.slug}: ${secret}`);
    }
    if (lines.length === 0) return 'Demo API keys: none made (create one in Settings → API keys).';
    fs.mkdirSync(path.dirname(keysFile), { recursive: true });
    fs.writeFileSync(keysFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  const keys = fs.readFileSync(keysFile, 'utf8').trimEnd().replace(/^/gm, '    ');
  return [
    `API keys for the demo projects, ingest scope (also in ${keysFile}):`,
    keys,
    '  Send an event with one: export SWITCHYARD_KEY=<a key above>, then the curl in README "Sending usage"',
    '  (or Settings → API keys → create a key → "Send a test event").',
  ].join('\n');
}

async function loadDemoTraffic(handle: DatabaseHandle): Promise<string> {
  const { db } = handle;
  const ctx = systemContext(handle, 'demo-seed');
  if (await hasAnyUsage(db)) return 'Usage data present; demo data not loaded.';
  const env = getEnv();
  const days = env.SWITCHYARD_DEMO_DAYS ?? 90;
  const seed = env.SWITCHYARD_DEMO_SEED ?? 42;
  const end = new Date();
  end.setUTCMinutes(0, 0, 0);

  const projectIds = new Map<string, string>();
  for (const p of DEMO_PROJECTS) {
    const existing = await getProjectBySlug(db, { slug: p.slug });
    projectIds.set(p.slug, (existing ?? (await createProject(ctx, { name: p.name, slug: p.slug }))).id);
  }

  const started = Date.now();
  const pending = new Map<string, DemoUsageEvent[]>();
  let accepted = 0;
  let rejected = 0;
  // The same path as POST /api/v1/events; no late-arrival window, as for a backfill import.
  const flush = async (slug: string) => {
    const events = pending.get(slug) ?? [];
    if (events.length === 0) return;
    const items = events.map((value) => ({ ok: true as const, value }));
    const result = await ingestItems(ctx, {
      projectId: projectIds.get(slug)!,
      items,
      window: { now: new Date(), lateArrivalDays: null },
    });
    accepted += result.accepted;
    rejected += result.rejected.length;
    pending.set(slug, []);
  };
  for (const { projectSlug, event } of generateDemoEvents({ seed, days, end })) {
    const list = pending.get(projectSlug) ?? [];
    list.push(event);
    pending.set(projectSlug, list);
    if (list.length >= BATCH) await flush(projectSlug);
  }
  for (const slug of pending.keys()) await flush(slug);
  if (rejected > 0) throw new Error(`${rejected} demo events were refused by ingestion validation.`);
  // The embedded database has no autovacuum: statistics for the first dashboards (db/maintenance.ts).
  if (handle.maintainsItself) {
    await settleMaintenance(handle);
    await maintainUsageTables(handle);
  }
  return `Loaded ${accepted} demo events (${days} days, seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`;
}

async function main() {
  const target = targetFromEnv();
  const handle = await openMigratedDatabase(target);
  try {
    const where = target.driver === 'postgres' ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${path.resolve(target.dataDir)}`;
    console.log(`Database: ${where}, migrated.`);
    console.log(await loadDemoTraffic(handle));
    if (process.argv.includes('--no-admin')) console.log('No admin created: open /setup to create the first one.');
    else console.log(await ensureSignIn(systemContext(handle, 'demo-seed')));
    console.log(await ensureDemoApiKeys(systemContext(handle, 'demo-seed')));
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
