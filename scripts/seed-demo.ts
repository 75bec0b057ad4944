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
import { getDatabaseHandle, targetFromEnv, type DatabaseHandle } from '@/db/client';
import { maintainUsageTables, settleMaintenance } from '@/db/maintenance';
import { listApiKeys } from '@/db/queries/api-keys';
import { getProjectBySlug } from '@/db/queries/projects';
import { hasAnyUsage } from '@/db/queries/usage-events';
import { countUsers } from '@/db/queries/users';
import { attachChannelToAlerts, listAlertChannelRows } from '@/db/queries/channels';
import { DEMO_PROJECTS } from '@/lib/demo/catalog';
import { DEMO_CHANNEL } from '@/lib/demo/channels';
import { type DemoUsageEvent, generateDemoEvents } from '@/lib/demo/generator';
import { seedDemoRouting } from './lib/demo-routing';
import { getDataDir, getEnv } from '@/lib/env';
import { createAlertChannel } from '@/services/channels/create-alert-channel';
import { deliverPendingAlerts } from '@/services/channels/deliver-pending-alerts';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { type ServiceContext, systemContext } from '@/services/context';
import { getPricer } from '@/db/queries/pricing-config';
import { demoBudgets, type PricedDemoEvent } from '@/lib/demo/budgets';
import { prepareRows } from '@/lib/ingest/prepare-rows';
import { createBudget } from '@/services/budgets/create-budget';
import { evaluateBudgets } from '@/services/budgets/evaluate-budgets';
import { ingestItems } from '@/services/ingest/ingest-items';
import { createProject } from '@/services/projects/create-project';
import { runSimulation } from '@/services/simulations/run-simulation';
import { drainJobs } from '@/server/jobs/scheduler';
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
async function ensureDemoApiKeys(ctx: ServiceContext, extraLines: readonly string[] = []): Promise<string> {
  const keysFile = path.resolve(getDataDir(), 'demo-api-keys.txt');
  if (!fs.existsSync(keysFile)) {
    const existing = await listApiKeys(ctx.db);
    const lines: string[] = [];
    for (const p of DEMO_PROJECTS) {
      const project = await getProjectBySlug(ctx.db, { slug: p.slug });
      if (!project || existing.some((k) => k.projectId === project.id && k.name === DEMO_KEY_NAME)) continue;
      const { secret } = await createApiKey(ctx, { projectId: project.id, name: DEMO_KEY_NAME, scopes: ['ingest'] });
      lines.push(`${p.slug} (ingest): ${secret}`);
    }
    lines.push(...extraLines);
    if (lines.length === 0) return 'Demo API keys: none made (create one in Settings → API keys).';
    fs.mkdirSync(path.dirname(keysFile), { recursive: true });
    fs.writeFileSync(keysFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  const keys = fs.readFileSync(keysFile, 'utf8').trimEnd().replace(/^/gm, '    ');
  return [
    `API keys for the demo projects (also in ${keysFile}):`,
    keys,
    '  Send an event with one: export SWITCHYARD_KEY=<a key above>, then the curl in README "Sending usage"',
    '  (or Settings → API keys → create a key → "Send a test event").',
  ].join('\n');
}

async function loadDemoTraffic(handle: DatabaseHandle): Promise<{ message: string; keyLines: string[] }> {
  const { db } = handle;
  const ctx = systemContext(handle, 'demo-seed');
  if (await hasAnyUsage(db)) return { message: 'Usage data present; demo data not loaded.', keyLines: [] };
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

  const gatewayKey = await seedDemoRouting(handle, {
    days,
    end,
    projectId: projectIds.get(DEMO_PROJECTS[0]!.slug)!,
    slug: DEMO_PROJECTS[0]!.slug,
  });

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
  // Budgets first, sized from the traffic priced as ingestion will price it (lib/demo/budgets.ts); then the history is
  // loaded day by day with an evaluation at each new day, so the alerts in the ledger are computed, not typed in.
  const pricer = await getPricer(db);
  const priced: PricedDemoEvent[] = [];
  for (const { projectSlug, event } of generateDemoEvents({ seed, days, end })) {
    const [row] = prepareRows([{ ok: true, value: event }], { now: end, lateArrivalDays: null }, pricer).rows;
    if (row) priced.push({ ...row, projectId: projectIds.get(projectSlug)! });
  }
  const budgetUser = DEMO_PROJECTS[0]!.users[0]!;
  for (const input of demoBudgets(priced, { projectId: projectIds.get(DEMO_PROJECTS[0]!.slug)!, user: budgetUser })) {
    await createBudget(systemContext(handle, 'demo-seed', new Date(end.getTime() - days * 86_400_000)), input);
  }
  let latestDay = '';
  let evaluations = 0;
  let alertsRaised = 0;
  for (const { projectSlug, event } of generateDemoEvents({ seed, days, end })) {
    const day = event.timestamp.slice(0, 10);
    if (day > latestDay) {
      for (const slug of pending.keys()) await flush(slug);
      if (latestDay !== '') {
        const result = await evaluateBudgets(systemContext(handle, 'demo-seed', new Date(`${day}T00:00:00Z`)));
        evaluations += 1;
        alertsRaised += result.alertIds.length;
      }
      latestDay = day;
    }
    const list = pending.get(projectSlug) ?? [];
    list.push(event);
    pending.set(projectSlug, list);
    if (list.length >= BATCH) await flush(projectSlug);
  }
  for (const slug of pending.keys()) await flush(slug);
  alertsRaised += (await evaluateBudgets(systemContext(handle, 'demo-seed'))).alertIds.length;
  console.log(`Budgets: 4 created, ${evaluations + 1} evaluations over the history, ${alertsRaised} alerts raised.`);
  if (rejected > 0) throw new Error(`${rejected} demo events were refused by ingestion validation.`);
  // The embedded database has no autovacuum: statistics for the first dashboards (db/maintenance.ts).
  if (handle.maintainsItself) {
    await settleMaintenance(handle);
    await maintainUsageTables(handle);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return {
    message: `Loaded ${accepted} demo events (${days} days, seed ${seed}) in ${seconds} s.`,
    keyLines: gatewayKey ? [gatewayKey] : [],
  };
}

/**
 * The demo's unreachable webhook channel, attached to whatever alerts exist, and one real delivery round: each
 * attempt to hooks.invalid fails (DNS) and is logged; the app's delivery task retries on the schedule.
 */
async function seedDemoChannels(handle: DatabaseHandle): Promise<string> {
  const ctx = systemContext(handle, 'demo-seed');
  const existing = (await listAlertChannelRows(handle.db)).find((c) => c.name === DEMO_CHANNEL.name);
  const channelId = existing?.id ?? (await createAlertChannel(ctx, { ...DEMO_CHANNEL })).channel.id;
  const attached = await attachChannelToAlerts(handle.db, { channelId });
  const run = await deliverPendingAlerts(ctx, { perChannel: 100, limit: 100, concurrency: 16, maxBatches: 10 });
  const outcome = `${run.attempted} attempts (${run.delivered} delivered, ${run.retrying} to retry)`;
  return `Demo channel "${DEMO_CHANNEL.name}" on ${attached} alerts: ${outcome}.`;
}

/**
 * One saved what-if run, so the Simulate page opens on a result: the published table with plan moved to the
 * balanced tier over the last 30 days, replayed through the simulation job like any other run (figures computed).
 */
async function seedDemoSimulation(handle: DatabaseHandle): Promise<string> {
  const ctx = systemContext(handle, 'demo-seed');
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const to = new Date(ctx.now.getTime() - 86_400_000);
  const from = new Date(to.getTime() - 29 * 86_400_000);
  const queued = await runSimulation(ctx, {
    candidate: { kind: 'published' },
    edits: [{ mode: 'plan', tier: 'balanced' }],
    period: { from: day(from), to: day(to) },
  });
  await drainJobs(handle);
  return `Demo simulation (published table, plan → balanced, ${day(from)} to ${day(to)}): run ${queued.id}.`;
}

async function main() {
  const target = targetFromEnv();
  // The app's own handle (db/client.ts getDatabaseHandle): the demo gateways pull through the real route handler, which
  // opens the app's database through it; one handle, so the embedded database is opened once.
  const handle = await getDatabaseHandle();
  try {
    const where = target.driver === 'postgres' ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${path.resolve(target.dataDir)}`;
    console.log(`Database: ${where}, migrated.`);
    const fresh = !(await hasAnyUsage(handle.db));
    // Before the route handler first runs (it makes the ADMIN_EMAIL admin itself, as the app does at start-up).
    const signIn = process.argv.includes('--no-admin')
      ? 'No admin created: open /setup to create the first one.'
      : await ensureSignIn(systemContext(handle, 'demo-seed'));
    const traffic = await loadDemoTraffic(handle);
    console.log(traffic.message);
    if (fresh) console.log(await seedDemoChannels(handle));
    if (fresh) console.log(await seedDemoSimulation(handle));
    console.log(signIn);
    console.log(await ensureDemoApiKeys(systemContext(handle, 'demo-seed'), traffic.keyLines));
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
