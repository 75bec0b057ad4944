/**
 * Simulation runs end to end on the database (both drivers): the replay query's grouping against the naive
 * oracle (every raw event routed by the one evaluator and priced one by one by the same pricer, kept in this
 * file), on traffic with an admin price change inside a day and long-context crossings; the table that
 * served the traffic gives zero savings; bad input gets stable codes; the management API.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { insertModelPrice } from '@/db/queries/models';
import { invalidatePricer, loadPricingConfig } from '@/db/queries/pricing-config';
import { usageEvents } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { AppError } from '@/lib/errors';
import { createPricer } from '@/lib/pricing/pricer';
import { parseRoutingDocument } from '@/lib/routing/parse';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { SeededRandom } from '@/lib/demo/random';
import { movedUsage } from '@/lib/simulation/price-group';
import { keepsServedModel } from '@/lib/simulation/replay';
import type { SimulationResult } from '@/lib/simulation/result';
import { applyModeEdits } from '@/lib/simulation/run-input';
import { candidateShapeOf, routerForDocument, splitModelId } from '@/lib/simulation/routing-adapter';
import { groupingBoundaries } from '@/lib/simulation/group';
import { planScan, ROLLUP_INPUT_BANDS } from '@/lib/simulation/scan-plan';
import type { ReplayRow } from '@/lib/simulation/types';
import { replayRowPages, scanPages } from '@/db/queries/simulation';
import { createDraftFromFrontierPoint } from '@/services/simulations/create-draft-from-frontier-point';
import { deleteSimulationRun } from '@/services/simulations/delete-simulation-run';
import { getRoutingDraft } from '@/services/routing/get-routing-draft';
import type { FrontierPoint } from '@/lib/simulation/frontier';
import { getSimulationRun } from '@/services/simulations/get-simulation-run';
import { listSimulationRuns } from '@/services/simulations/list-simulation-runs';
import { runSimulation } from '@/services/simulations/run-simulation';
import type { ScanSummary } from '@/lib/simulation/scan-plan';
import { ingestItems } from '@/services/ingest/ingest-items';
import { drainJobs } from '@/server/jobs/scheduler';
import { setOrgTimeZone } from '@/services/organisation/set-org-time-zone';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

const current: { handle?: DatabaseHandle; user?: UserActor | null } = {};
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => current.user ?? null }));

let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let viewer: UserActor;
const END = new Date('2026-10-21T00:00:00Z');
const V1 = parseRoutingDocumentOrThrow(DEMO_ROUTING_V1);
const MODES = ['code', 'ask', 'debug', 'plan', 'orchestrator', 'architect'];
/** Inside 12 October (Paris), not at a midnight: the admin price of Haiku 4.5 changes here. */
const PRICE_CHANGE = new Date('2026-10-12T14:37:11Z');

function parseRoutingDocumentOrThrow(input: unknown) {
  const parsed = parseRoutingDocument(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.document;
}

/** Traffic served by routing v1 (as a gateway would, stamps included), some naming a model, with outcomes. */
function traffic(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const route = routerForDocument(V1, 1);
  const from = new Date('2026-09-30T22:00:00Z').getTime();
  const span = END.getTime() - from - 3 * 3_600_000; // ends before midnight in Paris
  return Array.from({ length: n }, (_, i) => {
    const mode = rng.pick(MODES);
    const requested = rng.chance(0.1) ? 'openai/gpt-5-mini' : 'auto';
    // A spread across the 200k long-context threshold of Sonnet 4.5 and Gemini 2.5 Pro.
    const input = rng.chance(0.3) ? rng.int(180_000, 260_000) : rng.int(500, 60_000);
    const features = {
      mode,
      task: null,
      project: null,
      user: `u${rng.int(1, 4)}`,
      tags: {},
      requestedModel: requested,
      inputTokens: input,
    };
    const choice = requested === 'auto' ? route(features) : null;
    const served = choice ?? splitModelId(requested);
    const cacheRead = rng.chance(0.5) ? Math.floor(input * rng.next() * 0.8) : 0;
    const success = rng.chance(0.6) ? rng.chance(choice?.tier === 'economy' ? 0.7 : 0.88) : undefined;
    return {
      ok: true as const,
      value: {
        event_id: `sim_${seed}_${i}`,
        timestamp: new Date(from + Math.floor(rng.next() * span)).toISOString(),
        mode,
        user: features.user,
        session: `s_${seed}_${Math.floor(i / 7)}`,
        provider: served.provider,
        model: served.model,
        requested_model: requested,
        ...(choice ? { routing: { rule_id: choice.ruleId ?? undefined, version: 1, tier: choice.tier ?? undefined } } : {}),
        usage: { input_tokens: input, cache_read_tokens: cacheRead, output_tokens: rng.int(50, 4_000) },
        ...(success === undefined ? {} : { outcome: { success, ...(rng.chance(0.5) ? { score: rng.int(0, 100) / 100 } : {}) } }),
      },
    };
  });
}

let projectA: { id: string; slug: string };
let projectB: { id: string; slug: string };

beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  viewer = await makeUser(t, 'viewer');
  await setOrgTimeZone(as(t, admin), { timeZone: 'Europe/Paris' });
  await drainJobs(t); // the zone change is a job (ADR 0014)
  // An admin price inside the period on a model the candidates move traffic to, and one before it.
  const price = (effectiveFrom: Date, input: number, output: number, cacheRead: number) =>
    insertModelPrice(t.db, {
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      effectiveFrom,
      inputMicrosPerMTok: input,
      outputMicrosPerMTok: output,
      cacheReadMicrosPerMTok: cacheRead,
      cacheWrite5mMicrosPerMTok: null,
      cacheWrite1hMicrosPerMTok: null,
      note: 'test',
      createdBy: null,
    });
  await price(new Date('2026-01-01T00:00:00Z'), 1_000_003, 5_000_011, 100_003);
  await price(PRICE_CHANGE, 777_777, 3_333_337, 77_779);
  invalidatePricer();
  projectA = await makeProject(t, 'sim-a');
  projectB = await makeProject(t, 'sim-b');
  const window = { now: END, lateArrivalDays: null };
  await ingestItems(asSystem(t), { projectId: projectA.id, items: traffic(1_500, 1), window });
  await ingestItems(asSystem(t), { projectId: projectB.id, items: traffic(600, 2), window });
}, 120_000);
afterAll(async () => t?.destroy());

const PERIOD = { from: '2026-10-01', to: '2026-10-20' };

/** The oracle: every raw event of the period routed and priced one by one. */
async function naiveReplay(document: typeof V1, cache: 'lost-when-moved' | 'kept-when-moved', projectIds?: string[]) {
  const pricer = createPricer(await loadPricingConfig(t.db));
  const route = routerForDocument(document);
  const slugs = new Map([
    [projectA.id, projectA.slug],
    [projectB.id, projectB.slug],
  ]);
  const events = (await t.db.select().from(usageEvents)).filter((e) => !projectIds || projectIds.includes(e.projectId));
  let actual = 0;
  let simulated = 0;
  let moved = 0;
  const byModel = new Map<string, number>();
  for (const e of events) {
    const choice = route({
      mode: e.mode,
      task: e.task,
      project: slugs.get(e.projectId)!,
      user: e.userId,
      tags: e.tags,
      requestedModel: e.requestedModel,
      inputTokens: e.inputTokens,
    });
    const row = { provider: e.provider, model: e.model, routing: { ruleId: e.routingRuleId, tier: e.routingTier } };
    actual += e.costMicros!;
    let cost = e.costMicros!;
    let to = `${e.provider}/${e.model}`.toLowerCase();
    if (!keepsServedModel(choice, row)) {
      moved += 1;
      const tokens = {
        inputTokens: e.inputTokens,
        cacheReadTokens: e.cacheReadTokens,
        cacheWrite5mTokens: e.cacheWrite5mTokens,
        cacheWrite1hTokens: e.cacheWrite1hTokens,
        outputTokens: e.outputTokens,
        reasoningTokens: e.reasoningTokens,
      };
      cost = pricer.price(choice!.provider, choice!.model, e.occurredAt, movedUsage(tokens, cache)).costMicros!;
      to = `${choice!.provider}/${choice!.model}`.toLowerCase();
    }
    simulated += cost;
    byModel.set(to, (byModel.get(to) ?? 0) + cost);
  }
  return { requests: events.length, actual, simulated, moved, byModel };
}

const resultOf = (run: { result: unknown }) => (run.result as { simulation: SimulationResult }).simulation;
const scanOf = (run: { result: unknown }) => (run.result as { plan: { scan: ScanSummary } }).plan.scan;

/** Queues a run, runs its job (ADR 0014) and reads it back. */
async function simulate(actor: UserActor, input: unknown) {
  const queued = await runSimulation(as(t, actor, END), input);
  expect(queued.status).toBe('queued');
  await drainJobs(t);
  return getSimulationRun(as(t, actor), { id: queued.id });
}

/** v1 behind a rule on a tag no request carries: decides as v1, but only raw events can answer it. */
const V1_TAGGED = {
  ...DEMO_ROUTING_V1,
  rules: [{ id: 'nobody', when: { tags: { team: ['nobody'] } }, route: { tier: 'frontier' } }, ...DEMO_ROUTING_V1.rules],
};

describe('simulation runs against the naive per-request replay', () => {
  it('the table that served the traffic reproduces the actual cost exactly: zero savings, nothing moved', async () => {
    const run = await simulate(member, { candidate: { kind: 'example', name: 'demo-v1' }, period: PERIOD });
    expect(run.status).toBe('done');
    const sim = resultOf(run);
    expect(sim.totals.requests).toBe(2_100);
    expect(sim.totals.movedRequests).toBe(0);
    expect(sim.totals.simulated.costMicros).toBe(sim.totals.actual.costMicros);
    expect(sim.totals.comparable.savingsMicros).toBe(0);
    expect(sim.totals.roundingBoundMicros).toBe(0);
    expect(sim.totals.actual.costMicros).toBe((await naiveReplay(V1, 'lost-when-moved')).actual);
    // Whole Paris days from the daily rollup; 12 October, which the price change splits, from raw events.
    expect(scanOf(run)).toEqual({ path: 'mixed', rollupDays: 19, rawSlices: 2, rawReason: null });
  });

  it('on raw events only (a rule tests a tag): the same table still gives zero savings, the result says why', async () => {
    const run = await simulate(member, { candidate: { kind: 'document', document: V1_TAGGED }, period: PERIOD });
    const sim = resultOf(run);
    expect(scanOf(run)).toMatchObject({ path: 'raw', rollupDays: 0, rawSlices: 21 });
    expect(scanOf(run).rawReason).toMatch(/tags/);
    expect(sim.totals.requests).toBe(2_100);
    expect(sim.totals.movedRequests).toBe(0);
    expect(sim.totals.comparable.savingsMicros).toBe(0);
  });

  it('rollup rows equal the raw events grouped on the same plan, key by key', async () => {
    const pricing = await loadPricingConfig(t.db);
    const pricer = createPricer(pricing);
    const from = new Date('2026-09-30T22:00:00Z');
    const to = new Date('2026-10-20T22:00:00Z');
    const shape = candidateShapeOf(applyModeEdits(V1, [{ mode: 'code', tier: 'economy' }]));
    const models = (await t.db.selectDistinct({ provider: usageEvents.provider, model: usageEvents.model }).from(usageEvents)).map(
      (m) => m,
    );
    const plan = groupingBoundaries({ period: { from, to }, timeZone: 'Europe/Paris', candidates: [shape], models, pricer, pricing });
    const scan = planScan(plan, { bands: ROLLUP_INPUT_BANDS, rollupZone: 'Europe/Paris' });
    expect(scan.rollupSlices.length).toBe(19);
    const rollupOnly = { ...scan, rawSlices: [] };
    const rawOnly = scan.rollupSlices.map((d) => d.slice);
    const collect = async (pages: AsyncIterable<ReplayRow[]>) => {
      const out = new Map<string, ReplayRow>();
      for await (const page of pages)
        for (const r of page) {
          const key = JSON.stringify([
            r.timeSlice,
            r.mode,
            r.task,
            r.project,
            r.requestedModel,
            r.inputClass,
            r.provider,
            r.model,
            r.tier,
            r.routing,
          ]);
          const { sessionId: _s, outcomes, ...rest } = r;
          out.set(key, {
            ...rest,
            outcomes: { ...outcomes, scoreSum: 0, scoreSumOfSquares: 0 },
            scoreSum: outcomes.scoreSum,
          } as unknown as ReplayRow);
        }
      return out;
    };
    const fromRollup = await collect(scanPages(t.db, { scan: rollupOnly, projectIds: [] }));
    const fromRaw = await collect(replayRowPages(t.db, { plan: scan.plan, projectIds: [], slices: rawOnly }));
    expect(fromRollup.size).toBeGreaterThan(100);
    expect([...fromRollup.keys()].sort()).toEqual([...fromRaw.keys()].sort());
    // Scores: the rollup keeps them to the millionth (OUTCOME_SCORE_SCALE), and not their squares.
    const score = (r: ReplayRow | undefined) => (r as unknown as { scoreSum: number }).scoreSum;
    for (const [key, row] of fromRollup) {
      expect({ key, ...row, scoreSum: 0 }).toEqual({ key, ...fromRaw.get(key)!, scoreSum: 0 });
      expect(Math.abs(score(row) - score(fromRaw.get(key)))).toBeLessThanOrEqual(row.outcomes.scoreN * 1e-6);
    }
  });

  for (const cache of ['lost-when-moved', 'kept-when-moved'] as const)
    it(`equals the naive replay within the documented rounding bound (v1 + code → balanced, cache ${cache})`, async () => {
      const run = await simulate(member, {
        candidate: { kind: 'example', name: 'demo-v1' },
        edits: [{ mode: 'code', tier: 'balanced' }],
        period: PERIOD,
        options: { cache },
      });
      expect(run.status).toBe('done');
      const sim = resultOf(run);
      const naive = await naiveReplay(applyModeEdits(V1, [{ mode: 'code', tier: 'balanced' }]), cache);
      expect(sim.totals.requests).toBe(naive.requests);
      expect(sim.totals.movedRequests).toBe(naive.moved);
      expect(naive.moved).toBeGreaterThan(100);
      expect(sim.totals.actual.costMicros).toBe(naive.actual);
      const bound = sim.totals.roundingBoundMicros;
      expect(bound).toBeLessThanOrEqual(naive.moved / 2);
      expect(Math.abs(sim.totals.simulated.costMicros - naive.simulated)).toBeLessThanOrEqual(bound);
      for (const m of sim.byModel) expect(Math.abs(m.simulated.costMicros - (naive.byModel.get(m.key) ?? 0))).toBeLessThanOrEqual(bound);
      expect(sim.totals.comparable.savingsMicros).toBeGreaterThan(0);
      // Per day, in Paris days, 20 of them; the rows of the day of the price change are split at it.
      expect(sim.byDay.map((d) => d.key)).toEqual(Array.from({ length: 20 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`));
      expect((run.result as { plan: { slices: number } }).plan.slices).toBe(21);
      expect(scanOf(run).path).toBe('mixed');
    });

  it('on raw events only, equals the naive replay within the rounding bound (a tag rule, code → economy)', async () => {
    const run = await simulate(member, {
      candidate: { kind: 'document', document: V1_TAGGED },
      edits: [{ mode: 'code', tier: 'economy' }],
      period: PERIOD,
    });
    const sim = resultOf(run);
    expect(scanOf(run).path).toBe('raw');
    const naive = await naiveReplay(applyModeEdits(V1, [{ mode: 'code', tier: 'economy' }]), 'lost-when-moved');
    expect(sim.totals.movedRequests).toBe(naive.moved);
    expect(naive.moved).toBeGreaterThan(100);
    expect(Math.abs(sim.totals.simulated.costMicros - naive.simulated)).toBeLessThanOrEqual(sim.totals.roundingBoundMicros);
  });

  it('the other table (v2) against the oracle, on one project only', async () => {
    const run = await simulate(member, {
      candidate: { kind: 'document', document: DEMO_ROUTING_V2 },
      period: PERIOD,
      projects: ['sim-b'],
    });
    const sim = resultOf(run);
    const naive = await naiveReplay(parseRoutingDocumentOrThrow(DEMO_ROUTING_V2), 'lost-when-moved', [projectB.id]);
    expect(sim.totals.requests).toBe(600);
    expect(Math.abs(sim.totals.simulated.costMicros - naive.simulated)).toBeLessThanOrEqual(sim.totals.roundingBoundMicros);
    expect(sim.totals.actual.costMicros).toBe(naive.actual);
  });

  it('reports quality cells with intervals, no-evidence traffic, sessions that change most, and a frontier', async () => {
    const run = await simulate(member, {
      candidate: { kind: 'example', name: 'demo-v1' },
      edits: [{ mode: 'code', tier: 'economy' }],
      period: PERIOD,
    });
    const result = run.result as { simulation: SimulationResult; frontier: { points: { kind: string; onFront: boolean }[] } };
    const cells = result.simulation.cells.success.cells;
    expect(cells.some((c) => c.evidence && c.interval !== null && c.interval.low <= c.interval.high)).toBe(true);
    expect(result.simulation.quality.success.candidate.movedIntoNoEvidenceRequests).toBeGreaterThan(0);
    expect(result.simulation.topSessions.length).toBe(10);
    const deltas = result.simulation.topSessions.map((s) => Math.abs(s.deltaMicros));
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
    const kinds = new Set(result.frontier.points.map((p) => p.kind));
    expect(kinds).toEqual(new Set(['candidate', 'actual', 'draft']));
    expect(result.frontier.points.filter((p) => p.kind === 'candidate').length).toBe(4 ** 5);

    // A frontier point opens as a routing draft: the base table with the point's mode → tier choices first.
    const point = (result.frontier.points as unknown as FrontierPoint[]).find(
      (p) => p.kind === 'candidate' && Object.values(p.assignment).filter((c) => c !== 'base').length >= 2,
    )!;
    const { draftId } = await createDraftFromFrontierPoint(as(t, member), { runId: run.id, point: point.id });
    const draft = await getRoutingDraft(as(t, member), { id: draftId });
    const rules = (draft.document as { rules: { id: string; route: { tier?: string } }[] }).rules;
    const moved = Object.entries(point.assignment).filter(([, c]) => c !== 'base');
    expect(rules.slice(0, moved.length).map((r) => [r.id, r.route.tier])).toEqual(
      moved.sort(([a], [b]) => a.localeCompare(b)).map(([mode, tier]) => [`what-if-${mode}`, tier]),
    );
    expect(rules.slice(moved.length).map((r) => r.id)).toEqual(
      V1.rules.map((r) => r.id).filter((id) => !moved.some(([m]) => id === `what-if-${m}`)),
    );
    await expect(createDraftFromFrontierPoint(as(t, viewer), { runId: run.id, point: point.id })).rejects.toMatchObject({
      code: 'forbidden:auth',
    });
    await expect(createDraftFromFrontierPoint(as(t, member), { runId: run.id, point: 'nope=frontier' })).rejects.toMatchObject({
      code: 'not_found:simulation',
    });
  });
});

describe('bad input gets stable codes', () => {
  const fails = async (input: unknown) => {
    try {
      await runSimulation(as(t, member, END), input);
    } catch (err) {
      return err as AppError;
    }
    throw new Error('expected a refusal');
  };

  it('a candidate that does not validate, an edit to a missing tier', async () => {
    const bad = await fails({ candidate: { kind: 'document', document: { tiers: {}, rules: [] } }, period: PERIOD });
    expect(bad.code).toBe('bad_request:simulation');
    expect(bad.fields?.candidate?.length).toBeGreaterThan(0);
    const edit = await fails({ candidate: { kind: 'example', name: 'demo-v1' }, edits: [{ mode: 'code', tier: 'nope' }], period: PERIOD });
    expect(edit.code).toBe('bad_request:simulation');
    expect((await fails({ candidate: { kind: 'published' }, period: PERIOD })).code).toBe('not_found:simulation');
  });

  it('a period beyond the kept raw events names the kept range; an empty period; an unknown project', async () => {
    const early = await fails({ candidate: { kind: 'example', name: 'demo-v1' }, period: { from: '2026-01-01', to: '2026-01-31' } });
    expect(early.code).toBe('bad_request:simulation');
    expect(early.fields?.keptFrom).toEqual(['2026-10-01']);
    expect(early.fields?.keptTo).toEqual(['2026-10-21']);
    const future = await fails({ candidate: { kind: 'example', name: 'demo-v1' }, period: { from: '2026-11-05', to: '2026-11-06' } });
    expect(future.fields?.keptFrom).toEqual(['2026-10-01']);
    const none = await makeProject(t, 'sim-empty');
    const emptyProject = await fails({ candidate: { kind: 'example', name: 'demo-v1' }, period: PERIOD, projects: [none.slug] });
    expect(emptyProject.code).toBe('bad_request:simulation');
    expect(emptyProject.fields?.period).toBeDefined();
    expect(
      (await fails({ candidate: { kind: 'example', name: 'demo-v1' }, period: PERIOD, projects: ['nope'] })).fields?.projects,
    ).toBeDefined();
    expect((await fails({ candidate: { kind: 'example', name: 'demo-v1' }, period: { from: '2026-10-05', to: '2026-10-01' } })).code).toBe(
      'bad_request:simulation',
    );
  });
});

describe('saved runs', () => {
  it('are listed, opened by anyone who reads dashboards, re-run on another period, deleted by their author or an admin', async () => {
    const first = await simulate(member, {
      candidate: { kind: 'example', name: 'demo-v1' },
      edits: [{ mode: 'code', tier: 'balanced' }],
      period: PERIOD,
    });
    const again = await simulate(member, { rerunOf: first.id, period: { from: '2026-10-10', to: '2026-10-15' } });
    expect(again.label).toBe(first.label);
    expect(resultOf(again).byDay.map((d) => d.key)).toEqual([
      '2026-10-10',
      '2026-10-11',
      '2026-10-12',
      '2026-10-13',
      '2026-10-14',
      '2026-10-15',
    ]);
    const seen = await getSimulationRun(as(t, viewer), { id: again.id });
    expect(seen.createdByEmail).toBe(member.email);
    const list = await listSimulationRuns(as(t, viewer), {});
    expect(list[0]!.id).toBe(again.id);
    await expect(runSimulation(as(t, viewer, END), { rerunOf: first.id, period: PERIOD })).rejects.toMatchObject({
      code: 'forbidden:auth',
    });
    const other = await makeUser(t, 'member');
    await expect(deleteSimulationRun(as(t, other), { id: first.id })).rejects.toMatchObject({ code: 'forbidden:simulation' });
    await deleteSimulationRun(as(t, member), { id: first.id });
    await expect(deleteSimulationRun(as(t, admin), { id: first.id })).rejects.toMatchObject({ code: 'not_found:simulation' });
    await expect(getSimulationRun(as(t, viewer), { id: first.id })).rejects.toMatchObject({ code: 'not_found:simulation' });
    await expect(runSimulation(as(t, member, END), { rerunOf: first.id, period: PERIOD })).rejects.toMatchObject({
      code: 'not_found:simulation',
    });
  });
});

describe('the management API', () => {
  it('POST runs, GET lists and opens, DELETE deletes; a viewer may read but not run', async () => {
    const { POST, GET: LIST } = await import('@/app/api/v1/simulations/route');
    const { GET, DELETE } = await import('@/app/api/v1/simulations/[id]/route');
    current.user = member;
    const body = { candidate: { kind: 'document', document: DEMO_ROUTING_V2 }, period: PERIOD, projects: ['sim-a'] };
    const post = (b: unknown) =>
      POST(
        new Request('http://localhost/api/v1/simulations', {
          method: 'POST',
          body: JSON.stringify(b),
          headers: { 'content-type': 'application/json' },
        }),
      );
    const res = await post(body);
    expect(res.status).toBe(202);
    const { run } = (await res.json()) as { run: { id: string; url: string; status: string } };
    expect(run.status).toBe('queued');
    expect(run.url).toBe(`/simulate/runs/${run.id}`);
    expect(res.headers.get('location')).toBe(`/api/v1/simulations/${run.id}`);
    await drainJobs(t);
    const done = await GET(new Request(`http://localhost/api/v1/simulations/${run.id}`), { params: Promise.resolve({ id: run.id }) });
    const followed = (await done.json()) as {
      run: { status: string; progress: { processed: number; total: number }; result: { simulation: SimulationResult } };
    };
    expect(followed.run.status).toBe('done');
    expect(followed.run.progress.processed).toBe(followed.run.progress.total);
    expect(followed.run.progress.total).toBeGreaterThan(0);
    expect(followed.run.result.simulation.totals.requests).toBe(1_500);
    const bad = await post({ ...body, candidate: { kind: 'document', document: { rules: 'no' } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request:simulation');

    current.user = viewer;
    const listed = (await (await LIST(new Request('http://localhost/api/v1/simulations?limit=5'))).json()) as { runs: { id: string }[] };
    expect(listed.runs[0]!.id).toBe(run.id);
    const one = await GET(new Request(`http://localhost/api/v1/simulations/${run.id}`), { params: Promise.resolve({ id: run.id }) });
    expect(one.status).toBe(200);
    expect((await post(body)).status).toBe(403);
    const missing = await GET(new Request('http://localhost/api/v1/simulations/x'), { params: Promise.resolve({ id: 'nope' }) });
    expect(missing.status).toBe(404);

    current.user = admin;
    const del = await DELETE(new Request(`http://localhost/api/v1/simulations/${run.id}`, { method: 'DELETE' }), {
      params: Promise.resolve({ id: run.id }),
    });
    expect(del.status).toBe(200);
    current.user = null;
    expect((await LIST(new Request('http://localhost/api/v1/simulations'))).status).toBe(401);
  });
});
