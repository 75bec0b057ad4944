/**
 * `npm run bench:savings`: the p50/p95 of a 12-month savings report (getSavingsReport, every baseline kind but the
 * replayed version when no routing version exists) on Postgres, read from the savings rollup alone.
 *   npx tsx --conditions react-server scripts/bench/savings.ts [--events 10000000] [--runs 20] [--database-url postgres://…]
 * The report never reads raw events, so the benchmark loads the rollup directly: 365 local days × 4 projects ×
 * 6 modes × 4 tasks × 8 served models × 3 requested models (one row in 40 in the long-context band), the requests
 * spread so that they sum to about `--events`. It states the rows loaded and the events they stand for. With
 * `--database NAME` it measures an existing database instead: its rollup as it is, or the generated one loaded into
 * it when its rollup is empty (kept afterwards, for measuring again).
 */
import postgres from 'postgres';
import { openMigratedDatabase } from '@/db/client';
import { serviceContext } from '@/services/context';
import { getSavingsReport } from '@/services/savings/get-savings-report';
import { arg, freshDatabase, percentile } from './common';

const EVENTS = Number(arg('events', '10000000'));
const RUNS = Number(arg('runs', '20'));
const SERVER = arg('database-url', process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
const EXISTING = arg('database', '');

const MODELS = [
  ['anthropic', 'claude-opus-4-5', 'frontier'],
  ['anthropic', 'claude-sonnet-4-5', 'balanced'],
  ['anthropic', 'claude-haiku-4-5', 'balanced'],
  ['openai', 'gpt-5', 'frontier'],
  ['openai', 'gpt-5-mini', 'balanced'],
  ['openai', 'gpt-5-nano', 'economy'],
  ['google', 'gemini-2.5-pro', 'frontier'],
  ['google', 'gemini-2.5-flash', 'balanced'],
];

async function load(url: string): Promise<{ rows: number; events: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const projects = await sql<{ id: string }[]>`insert into projects (slug, name)
    select 'bench-' || g, 'Bench ' || g from generate_series(1, 4) g returning id`;
  // The served opus model requested by name is the same key as "served": one combination fewer per key.
  const combos = 4 * 6 * 4 * (MODELS.length * 3 - 1);
  const perRow = EVENTS / (365 * combos);
  const models = MODELS.map(([p, m, t]) => `('${p}', '${m}', '${t}')`).join(', ');
  await sql.unsafe(`insert into usage_daily_savings
    select p.id, d::date, mode, task, m.provider, m.model, m.tier, case when r.requested = 'auto' then mode || '-rule' else '' end,
      case r.requested when 'served' then m.provider || '/' || m.model else r.requested end,
      case when r.requested = 'auto' then m.tier else '' end,
      case when (hashtext(d::text || mode || task || m.model) % 40) = 0 then '2' else '0' end,
      q.n, q.n * 40000, q.n * 20000, q.n * 2000, 0, q.n * 900, q.n * 200,
      q.n * (case m.tier when 'frontier' then 60000 when 'balanced' then 15000 else 2000 end), q.n * 3000, 0, 0, 0, q.n * 8000,
      q.n / 4, q.n / 5, 0, 0
    from unnest(array[${projects.map((p) => `'${p.id}'::uuid`).join(', ')}]) p(id)
    cross join generate_series(current_date - 365, current_date - 1, interval '1 day') d
    cross join unnest(array['code', 'ask', 'debug', 'plan', 'architect', 'orchestrator']) mode
    cross join unnest(array['implement', 'refactor', 'test-gen', 'explain']) task
    cross join (values ${models}) m(provider, model, tier)
    cross join unnest(array['auto', 'served', 'anthropic/claude-opus-4-5']) r(requested)
    cross join lateral (select greatest(1, round(${perRow} *
      (0.5 + (hashtext(p.id::text || d::text || mode || task || m.model || r.requested) & 1023) / 1023.0))::bigint) n) q
    on conflict do nothing`);
  await sql.unsafe('analyze usage_daily_savings');
  await sql.end();
  return rollupSize(url);
}

async function rollupSize(url: string): Promise<{ rows: number; events: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [c] = await sql<{ rows: string; events: string | null }[]>`select count(*)::text rows, sum(requests)::text events
    from usage_daily_savings`;
  await sql.end();
  return { rows: Number(c!.rows), events: Number(c!.events ?? 0) };
}

async function main() {
  let url: string;
  let drop = async () => {};
  if (EXISTING) {
    const u = new URL(SERVER);
    u.pathname = `/${EXISTING}`;
    url = u.toString();
  } else {
    const db = await freshDatabase('postgres', SERVER);
    url = db.env.DATABASE_URL!;
    drop = db.drop;
  }
  const handle = await openMigratedDatabase({ driver: 'postgres', url });
  try {
    const loaded = EXISTING && (await rollupSize(url)).rows > 0 ? await rollupSize(url) : await load(url);
    const ctx = serviceContext(handle, { kind: 'system', name: 'bench' });
    const today = new Date();
    const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12, today.getUTCDate())).toISOString().slice(0, 10);
    const to = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
    const baselines = [{ kind: 'requested' }, { kind: 'pinned', model: 'anthropic/claude-sonnet-4-5' }, { kind: 'tier', tier: 'economy' }];
    console.log(`savings rollup: ${loaded.rows} rows standing for ${loaded.events} events, 12 months ${from} … ${to}`);
    for (const baseline of baselines) {
      await getSavingsReport(ctx, { from, to, baseline }); // warm-up, uncounted
      const times: number[] = [];
      let totals = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const view = await getSavingsReport(ctx, { from, to, baseline });
        times.push(performance.now() - started);
        totals = view.report.totals.requests;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${JSON.stringify(baseline)}: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms ` +
          `(${RUNS} runs, ${totals} requests compared)`,
      );
    }
  } finally {
    await handle.close();
    await drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
