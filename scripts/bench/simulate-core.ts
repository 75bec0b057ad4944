/**
 * Micro-benchmark of the pure replay (no database): how long `simulate` takes over N grouped rows, and a
 * whole frontier (the base, one replay per tier, every mode × tier assignment). It gives the data layer its
 * budget: the 2 s goal minus this is what fetching the rows may take.
 *   npx tsx scripts/bench/simulate-core.ts [--rows 10000,100000,1000000] [--runs 5] [--source array|stream]
 * Rows are synthetic but shaped like real ones: 90 days in New York time, six modes, catalog models with
 * long-context tiers, a dozen rules. `stream` yields rows one by one (a database cursor) instead of an array.
 * Each measurement follows one uncounted warm-up run; RSS is the process's after the runs.
 */
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';
import { SeededRandom } from '@/lib/demo/random';
import { buildFrontier, everyModeTo, modeOverrideRouter } from '@/lib/simulation/frontier';
import { groupingBoundaries, type GroupingPlan } from '@/lib/simulation/group';
import { simulate } from '@/lib/simulation/replay';
import type { CandidateShape, ModelRef, ReplayRow, Router } from '@/lib/simulation/types';
import { arg, percentile } from './common';

const SIZES = arg('rows', '10000,100000,1000000').split(',').map(Number);
const RUNS = Number(arg('runs', '5'));
const SOURCE = arg('source', 'array');
const FRONTIER_MAX_ROWS = Number(arg('frontier-max-rows', '100000'));

const model = (id: string): ModelRef => ({ provider: id.split('/')[0]!, model: id.split('/')[1]! });
const TIERS: Record<string, ModelRef[]> = {
  frontier: ['anthropic/claude-opus-4-5', 'openai/gpt-5'].map(model),
  balanced: ['anthropic/claude-sonnet-4-5', 'google/gemini-2.5-pro'].map(model),
  economy: ['anthropic/claude-haiku-4-5', 'openai/gpt-5-mini'].map(model),
};
const MODES = ['code', 'ask', 'debug', 'plan', 'architect', 'orchestrator'];
const TASKS = ['implement', 'refactor', 'test-gen', 'explain', 'summarize', null];

/** A dozen first-match rules, like a real table: modes, tasks, a tag, input ranges. */
function router(): Router {
  const rules: { id: string; mode?: string[]; task?: string[]; team?: string; gte?: number; lt?: number; tier: string }[] = [
    { id: 'research', team: 'research', tier: 'frontier' },
    { id: 'huge', gte: 150_000, tier: 'balanced' },
    { id: 'plan', mode: ['plan', 'architect'], tier: 'frontier' },
    { id: 'debug-small', mode: ['debug'], lt: 30_000, tier: 'balanced' },
    { id: 'debug', mode: ['debug'], tier: 'frontier' },
    { id: 'tests', mode: ['code'], task: ['test-gen'], tier: 'economy' },
    { id: 'refactor', mode: ['code'], task: ['refactor'], lt: 60_000, tier: 'balanced' },
    { id: 'code-small', mode: ['code'], lt: 8_000, tier: 'economy' },
    { id: 'code', mode: ['code'], tier: 'balanced' },
    { id: 'ask', mode: ['ask'], tier: 'economy' },
    { id: 'orchestrator', mode: ['orchestrator'], tier: 'balanced' },
    { id: 'default', tier: 'balanced' },
  ];
  return (f) => {
    for (const r of rules) {
      if (r.mode && !r.mode.includes(f.mode ?? '')) continue;
      if (r.task && !r.task.includes(f.task ?? '')) continue;
      if (r.team && f.tags.team !== r.team) continue;
      if (r.gte !== undefined && f.inputTokens < r.gte) continue;
      if (r.lt !== undefined && f.inputTokens >= r.lt) continue;
      const [primary, ...fallbacks] = TIERS[r.tier]!;
      return { ruleId: r.id, tier: r.tier, ...primary!, fallbacks };
    }
    return null;
  };
}

const SHAPE: CandidateShape = {
  models: Object.values(TIERS).flat(),
  inputTokenRanges: [{ min: 150_000 }, { max: 30_000 }, { max: 60_000 }, { max: 8_000 }],
  tests: { project: false, user: false, tagKeys: ['team'] },
};

function* rows(n: number, plan: GroupingPlan, seed: number): Generator<ReplayRow> {
  const rng = new SeededRandom(seed);
  const served = Object.values(TIERS).flat();
  const slices = plan.timeBounds.length - 1;
  const classes = plan.inputTokenBounds.length + 1;
  for (let i = 0; i < n; i++) {
    const requests = rng.int(1, 20);
    const input = requests * rng.int(1_000, 120_000);
    const cacheRead = Math.floor(input * rng.next() * 0.7);
    const output = requests * rng.int(100, 4_000);
    const m = rng.pick(served);
    const outcomes = rng.int(0, requests);
    const successes = rng.int(0, outcomes);
    yield {
      mode: rng.pick(MODES),
      task: rng.pick(TASKS),
      project: null,
      user: null,
      tags: rng.chance(0.1) ? { team: 'research' } : {},
      requestedModel: 'auto',
      inputClass: rng.int(0, classes - 1),
      timeSlice: rng.int(1, slices),
      provider: m.provider,
      model: m.model,
      tier: 'balanced',
      routing: { ruleId: 'code', tier: 'balanced' },
      sessionId: null,
      requests,
      pricedRequests: requests,
      costMicros: requests * rng.int(1_000, 200_000),
      cacheSavingsMicros: 0,
      tokens: {
        inputTokens: input,
        cacheReadTokens: cacheRead,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: output,
        reasoningTokens: Math.floor(output * 0.3),
      },
      outcomes: { successN: outcomes, successes, scoreN: 0, scoreSum: 0, scoreSumOfSquares: 0 },
    };
  }
}

/**
 * One uncounted warm-up run first: a server process replays warm (JIT, catalog lookups, price tables).
 * Wall time and this process's CPU time (user + system; less sensitive to other processes on a shared machine).
 */
function timeRuns(label: string, run: () => void): void {
  run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    run();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const rss = Math.round(process.memoryUsage().rss / 1_048_576);
  const ms = (t: number) => t.toFixed(0).padStart(6);
  console.log(`${label.padEnd(50)} wall p50 ${ms(percentile(wall, 50))} ms  cpu p50 ${ms(percentile(cpu, 50))} ms  rss ${rss} MB`);
}

const end = new Date('2026-04-01T04:00:00Z');
const pricer = createPricer(EMPTY_PRICING_CONFIG, () => end);
const t0 = performance.now();
const plan = groupingBoundaries({
  period: { from: new Date(end.getTime() - 90 * 86_400_000), to: end },
  timeZone: 'America/New_York',
  candidates: [SHAPE],
  pricer,
  pricing: EMPTY_PRICING_CONFIG,
});
const slices = plan.timeBounds.length - 1;
const classes = plan.inputTokenBounds.length + 1;
console.log(`plan: ${(performance.now() - t0).toFixed(0)} ms, ${slices} time slices, ${classes} input classes; ${SOURCE}, ${RUNS} runs`);
const base = router();

for (const n of SIZES) {
  const data = SOURCE === 'array' ? [...rows(n, plan, n)] : null;
  const source = () => data ?? rows(n, plan, n);
  timeRuns(`simulate, ${n.toLocaleString('en-US')} rows`, () => simulate({ rows: source(), plan, router: base, pricer }));
  if (n <= FRONTIER_MAX_ROWS) {
    timeRuns(`frontier (1 + 3 replays, 4⁶ points), ${n.toLocaleString('en-US')} rows`, () => {
      const baseResult = simulate({ rows: source(), plan, router: base, pricer });
      const byTier = Object.fromEntries(
        Object.keys(TIERS).map((tier) => [
          tier,
          simulate({ rows: source(), plan, router: modeOverrideRouter(base, everyModeTo(baseResult, tier), TIERS), pricer }),
        ]),
      );
      buildFrontier({ base: baseResult, byTier });
    });
  }
}
