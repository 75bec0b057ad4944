/**
 * Budgets benchmark (in process, on a fresh Postgres database; `--driver pglite` for the embedded one):
 * 1. the Budgets page's query (listBudgets) with N budgets of mixed scopes over 30 days of demo traffic: p50/p95;
 * 2. GET /api/v1/budgets/state answering 304 (If-None-Match) at a fixed rate (default 200 requests/s): p50/p99;
 * 3. freshness under ingest load: W writers post demo batches through POST /api/v1/events while a probe writer
 *    posts one event at a time into its own project; for each probe, the time from the acknowledgement to a state
 *    answer (long-poll) whose spend counts it: p50/p99. The ingestion route triggers the evaluation itself.
 *   npm run bench:budgets -- [--budgets 1000] [--rate 200] [--seconds 10] [--writers 4] [--probes 100] [--driver postgres]
 * Prints the figures; README "Measured" records them.
 */
import { sql } from 'drizzle-orm';
import { arg, freshDatabase, percentile, type BenchDriver } from './common';

const BUDGETS = Number(arg('budgets', '1000'));
const RATE = Number(arg('rate', '200'));
const SECONDS = Number(arg('seconds', '10'));
const WRITERS = Number(arg('writers', '4'));
const PROBES = Number(arg('probes', '100'));
const DRIVER = arg('driver', 'postgres') as BenchDriver;
const PG_SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const ms = (n: number) => `${n.toFixed(2)} ms`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function main() {
  const bench = await freshDatabase(DRIVER, PG_SERVER);
  for (const [k, v] of Object.entries(bench.env)) process.env[k] = v;
  const { appHandle } = await import('@/server/context');
  const { generateDemoEvents } = await import('@/lib/demo/generator');
  const { systemContext } = await import('@/services/context');
  const { createProject } = await import('@/services/projects/create-project');
  const { createApiKey } = await import('@/services/api-keys/create-api-key');
  const { createBudget } = await import('@/services/budgets/create-budget');
  const { listBudgets } = await import('@/services/budgets/list-budgets');
  const { evaluateBudgets } = await import('@/services/budgets/evaluate-budgets');
  const { ingestItems } = await import('@/services/ingest/ingest-items');
  const { requestBudgetEvaluation } = await import('@/services/budgets/request-budget-evaluation');
  const { GET: stateGet } = await import('@/app/api/v1/budgets/state/route');
  const { POST: eventsPost } = await import('@/app/api/v1/events/route');
  const handle = await appHandle();
  const sys = systemContext(handle, 'bench');
  try {
    // ── data: 3 projects, 30 days of demo traffic, N budgets of mixed scopes ─────────────────────
    const projects = await Promise.all(['bench-a', 'bench-b', 'probe'].map((slug) => createProject(sys, { name: slug, slug })));
    const now = new Date();
    const events = [...generateDemoEvents({ seed: 9, days: 30, end: now })].map((e) => ({ ok: true as const, value: e.event }));
    for (let i = 0; i < events.length; i += 2000) {
      await ingestItems(sys, { projectId: projects[i % 2]!.id, items: events.slice(i, i + 2000), window: { now, lateArrivalDays: null } });
    }
    // Mixed scopes, few of them alike (as a team's per-person and per-team budgets are): 18 people, 5 modes,
    // 4 teams, 2 environments, each budget a different subset, so the evaluator's reads are mostly distinct.
    const modes = ['code', 'plan', 'ask', 'debug', 'architect'];
    const users = ['ana', 'bruno', 'chen', 'dara', 'eli', 'farah', 'gus', 'hana', 'ivan', 'jo', 'kemal', 'lena', 'marco'];
    const teams = ['payments', 'infra', 'data', 'support'];
    const pick = <T>(list: readonly T[], i: number, k: number) => Array.from({ length: k }, (_, j) => list[(i * 7 + j * 3) % list.length]!);
    const kinds = ['day', 'week', 'month', 'quarter'] as const;
    const distinct = new Set<string>();
    let t0 = Date.now();
    for (let i = 0; i < BUDGETS; i++) {
      const n = Math.floor(i / 5);
      const scope =
        i % 5 === 0
          ? n % 4 === 0
            ? {}
            : { mode: [...new Set(pick(modes, n, 1 + (n % 3)))] }
          : i % 5 === 1
            ? { project: [projects[i % 2]!.id], mode: [...new Set(pick(modes, n, 1 + (n % 4)))] }
            : i % 5 === 2
              ? { user: [...new Set(pick(users, n, 1 + (n % 3)))] }
              : i % 5 === 3
                ? { user: [users[n % users.length]!], mode: [...new Set(pick(modes, n, 1 + (n % 2)))] }
                : { project: [projects[n % 2]!.id], tags: { team: [...new Set(pick(teams, n, 1 + (n % 2)))] } };
      const period = i % 7 === 6 ? { kind: 'rolling' as const, unit: 'hours' as const, length: 24 } : { kind: kinds[i % kinds.length]! };
      const budget = { name: `Budget ${i}`, period, amount: 50 + (i % 200), scope };
      // A rolling window over a scope no hour rollup holds is refused (rolling_scope_unsupported): monthly then.
      const made = await createBudget(sys, budget).catch(() => createBudget(sys, { ...budget, period: { kind: 'month' } }));
      distinct.add(JSON.stringify([made.scope, made.period]));
    }
    console.log(`${distinct.size} distinct (scope, period) pairs among the budgets.`);
    console.log(`${BUDGETS} budgets created in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${events.length} events of traffic.`);
    t0 = Date.now();
    await evaluateBudgets(sys);
    const firstRun = Date.now() - t0;
    t0 = Date.now();
    await evaluateBudgets(sys);
    console.log(`Evaluation of ${BUDGETS} budgets: first (alerts raised) ${firstRun} ms, then ${Date.now() - t0} ms.`);
    t0 = Date.now();
    await evaluateBudgets(sys, { touches: [] });
    console.log(`Roll-over check (no period turned over, no write since): ${Date.now() - t0} ms.`);

    // ── 1. the Budgets page's query ─────────────────────────────────────────────────────────────
    const listTimes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = performance.now();
      await listBudgets(sys);
      listTimes.push(performance.now() - s);
    }
    listTimes.sort((a, b) => a - b);
    console.log(`Budgets page query (${BUDGETS} budgets): p50 ${ms(percentile(listTimes, 50))}, p95 ${ms(percentile(listTimes, 95))}`);

    // ── 2. 304 answers at RATE requests/s ───────────────────────────────────────────────────────
    const key = (await createApiKey(sys, { projectId: projects[0]!.id, name: 'gw', scopes: ['routing:read'] })).secret;
    const auth = { authorization: `Bearer ${key}` };
    const first = await stateGet(new Request('http://localhost/api/v1/budgets/state', { headers: auth }));
    const etag = first.headers.get('etag')!;
    const times: number[] = [];
    let not304 = 0;
    const pending: Promise<void>[] = [];
    const interval = 1000 / RATE;
    const start = performance.now();
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(
        (async () => {
          const s = performance.now();
          const res = await stateGet(new Request('http://localhost/api/v1/budgets/state', { headers: { ...auth, 'if-none-match': etag } }));
          times.push(performance.now() - s);
          if (res.status !== 304) not304 += 1;
        })(),
      );
    }
    await Promise.all(pending);
    times.sort((a, b) => a - b);
    console.log(
      `State endpoint 304 at ${RATE} req/s for ${SECONDS} s: p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))} ` +
        `(${times.length} requests, ${not304} not 304)`,
    );

    // ── 3. freshness under ingest load ──────────────────────────────────────────────────────────
    const ingestKeys = await Promise.all(
      projects.map(async (p) => (await createApiKey(sys, { projectId: p.id, name: 'in', scopes: ['ingest'] })).secret),
    );
    const probeState = (await createApiKey(sys, { projectId: projects[2]!.id, name: 'gw', scopes: ['routing:read'] })).secret;
    const probeBudget = await createBudget(sys, {
      name: 'Probe',
      period: { kind: 'month' },
      amount: 1_000_000,
      scope: { project: [projects[2]!.id] },
    });
    process.env.SWITCHYARD_INGEST_RATE_PER_KEY = '100000';
    const post = (keyIndex: number, items: unknown[]) =>
      eventsPost(
        new Request('http://localhost/api/v1/events', {
          method: 'POST',
          headers: { authorization: `Bearer ${ingestKeys[keyIndex]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: items }),
        }),
      );
    let loading = true;
    let loadBatches = 0;
    const live = [...generateDemoEvents({ seed: 10, days: 1, end: now })].map((e) => e.event);
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      let n = 0;
      while (loading) {
        const batch = Array.from({ length: 200 }, (_, j) => ({
          ...live[(n * 200 + j) % live.length]!,
          event_id: `load-${w}-${n}-${j}`,
          timestamp: new Date(Date.now() - 30_000).toISOString(),
        }));
        await post(w % 2, batch);
        n += 1;
        loadBatches += 1;
      }
    });
    const fresh: number[] = [];
    let etagNow: string | null = null;
    for (let i = 0; i < PROBES; i++) {
      const res = await post(2, [{ ...live[i]!, event_id: `probe-${i}`, timestamp: new Date(Date.now() - 30_000).toISOString() }]);
      const acked = performance.now();
      if (res.status !== 200) throw new Error(`probe ingest answered ${res.status}`);
      const [row] = (await handle.db.execute(
        sql`select coalesce(sum(cost_micros), 0)::text as c from usage_events where project_id = ${projects[2]!.id}`,
      )) as unknown as Array<{ c: string }>; // postgres.js answers an array (the benchmark runs on Postgres)
      const expected = Number(row?.c ?? 0);
      for (;;) {
        const r: Response = await stateGet(
          new Request('http://localhost/api/v1/budgets/state?wait=10', {
            headers: { authorization: `Bearer ${probeState}`, ...(etagNow ? { 'if-none-match': etagNow } : {}) },
          }),
        );
        etagNow = r.headers.get('etag');
        if (r.status === 200) {
          const body = (await r.json()) as { budgets: Array<{ id: string; spendMicros: number }> };
          if ((body.budgets.find((b) => b.id === probeBudget.id)?.spendMicros ?? 0) >= expected) break;
        }
      }
      fresh.push(performance.now() - acked);
    }
    loading = false;
    await Promise.all(writers);
    await requestBudgetEvaluation(handle, 'periods'); // let the last triggered evaluation finish before the database closes
    fresh.sort((a, b) => a - b);
    console.log(
      `Freshness ack → state visible under load (${WRITERS} writers, ${loadBatches} batches of 200 meanwhile): ` +
        `p50 ${ms(percentile(fresh, 50))}, p99 ${ms(percentile(fresh, 99))} over ${PROBES} probes`,
    );
  } finally {
    await handle.close();
    await bench.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
