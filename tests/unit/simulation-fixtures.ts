/**
 * Shared test material for the simulation and savings tests: prices that change inside the period and
 * have long-context tiers, a small rule router (a stand-in for lib/routing's evaluator, behind the same
 * `Router` type), recorded traffic routed and priced as a gateway and ingestion would, and the naive
 * oracle: every request evaluated and priced one by one.
 */
import { SeededRandom } from '@/lib/demo/random';
import { createPricer, type CustomPrice, type Pricer, type PricingConfig } from '@/lib/pricing/pricer';
import type { TokenUsage } from '@/lib/pricing/cost';
import type {
  CacheAssumption,
  CandidateShape,
  ModelRef,
  RecordedRequest,
  RequestFeatures,
  RouteChoice,
  Router,
} from '@/lib/simulation/types';
import { formatCalendarDate, localDate } from '@/lib/time/zoned';

export const TZ = 'Europe/Paris';
/** March 2026 in Paris: a 23-hour day (29 March) inside. */
export const PERIOD = { from: new Date('2026-02-28T23:00:00Z'), to: new Date('2026-03-31T22:00:00Z') };

const custom = (id: string, model: string, effectiveFrom: string, table: CustomPrice['table']): CustomPrice => ({
  id,
  provider: 'acme',
  model,
  effectiveFrom: new Date(effectiveFrom),
  table,
});

/** Odd µ$/MTok prices so that per-request rounding matters; changes at instants that are not midnights. */
export const PRICING: PricingConfig = {
  customPrices: [
    custom('f1', 'frontier', '2025-01-01T00:00:00Z', {
      input: { base: 5_123_457, tiers: [{ start: 100_000, price: 10_246_913 }] },
      output: { base: 25_000_003, tiers: [{ start: 100_000, price: 37_500_007 }] },
      cacheRead: { base: 512_347, tiers: [{ start: 100_000, price: 1_024_691 }] },
      cacheWrite5m: 6_404_321,
      cacheWrite1h: 10_246_913,
    }),
    custom('f2', 'frontier', '2026-03-10T14:37:11Z', {
      input: { base: 4_000_001, tiers: [{ start: 100_000, price: 8_000_003 }] },
      output: { base: 20_000_017, tiers: [{ start: 100_000, price: 30_000_011 }] },
      cacheRead: 400_003,
      cacheWrite5m: 5_000_009,
      cacheWrite1h: 8_000_003,
    }),
    custom('b1', 'balanced', '2025-01-01T00:00:00Z', {
      input: 1_333_337,
      output: 6_666_671,
      cacheRead: 133_337,
      cacheWrite: 1_666_673,
    }),
    custom('b2', 'balanced', '2026-03-20T09:00:00Z', { input: 1_111_117, output: 5_555_557, cacheRead: 111_119, cacheWrite: 1_388_891 }),
    // No cache price: cache reads and writes are billed as input; output dearer above 32k input.
    custom('e1', 'economy', '2025-01-01T00:00:00Z', {
      input: 150_001,
      output: { base: 600_007, tiers: [{ start: 32_000, price: 900_001 }] },
    }),
    // Priced only from the 15th: before, it is unpriced.
    custom('l1', 'late', '2026-03-15T00:00:00Z', { input: 700_001, output: 2_800_003 }),
  ],
  aliases: [],
  tierOverrides: [
    { provider: 'acme', model: 'frontier', tier: 'frontier' },
    { provider: 'acme', model: 'balanced', tier: 'balanced' },
    { provider: 'acme', model: 'economy', tier: 'economy' },
    { provider: 'acme', model: 'late', tier: 'economy' },
    { provider: 'ghost', model: 'unpriced', tier: 'balanced' },
  ],
};

export const pricer: Pricer = createPricer(PRICING, () => PERIOD.to);

export const M = {
  frontier: { provider: 'acme', model: 'frontier' },
  balanced: { provider: 'acme', model: 'balanced' },
  economy: { provider: 'acme', model: 'economy' },
  late: { provider: 'acme', model: 'late' },
  unpriced: { provider: 'ghost', model: 'unpriced' },
  // Catalog models: time-of-day prices (off-peak), and a 200k long-context tier.
  deepseek: { provider: 'deepseek', model: 'deepseek-chat' },
  sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
} satisfies Record<string, ModelRef>;

export interface TestRule {
  id: string;
  when: { mode?: string[]; task?: string[]; minInput?: number; maxInput?: number; tag?: [string, string[]]; requested?: string[] };
  route: { tier: string } | { model: ModelRef };
}

export interface TestDocument {
  tiers: Record<string, ModelRef[]>;
  rules: TestRule[];
}

/** A first-match rule list: input ranges inclusive at both ends; a rule routing to a tier names its primary. */
export function testRouter(doc: TestDocument): Router {
  return (f) => {
    for (const rule of doc.rules) {
      const w = rule.when;
      if (w.mode && !w.mode.includes(f.mode ?? '')) continue;
      if (w.task && !w.task.includes(f.task ?? '')) continue;
      if (w.requested && !w.requested.includes(f.requestedModel ?? '')) continue;
      if (w.minInput !== undefined && f.inputTokens < w.minInput) continue;
      if (w.maxInput !== undefined && f.inputTokens > w.maxInput) continue;
      if (w.tag && !w.tag[1].includes(f.tags[w.tag[0]] ?? '')) continue;
      if ('model' in rule.route) return { ruleId: rule.id, tier: null, ...rule.route.model };
      const [primary, ...fallbacks] = doc.tiers[rule.route.tier]!;
      return { ruleId: rule.id, tier: rule.route.tier, ...primary!, fallbacks };
    }
    return null;
  };
}

export function shapeOf(doc: TestDocument): CandidateShape {
  return {
    models: [...Object.values(doc.tiers).flat(), ...doc.rules.flatMap((r) => ('model' in r.route ? [r.route.model] : []))],
    inputTokenRanges: doc.rules.map((r) => ({ min: r.when.minInput, max: r.when.maxInput })),
    // The test router tests neither project nor user, and tags only by the keys its rules name.
    tests: { project: false, user: false, tagKeys: doc.rules.flatMap((r) => (r.when.tag ? [r.when.tag[0]] : [])) },
  };
}

export const TIERS: Record<string, ModelRef[]> = {
  frontier: [M.frontier, M.sonnet],
  balanced: [M.balanced, M.deepseek],
  economy: [M.economy, M.late],
};

/** The document that served the recorded traffic. */
export const SERVED_DOC: TestDocument = {
  tiers: TIERS,
  rules: [
    { id: 'pinned-passthrough', when: { requested: ['acme/frontier-direct'] }, route: { model: M.frontier } },
    { id: 'huge-context', when: { minInput: 150_001 }, route: { model: M.sonnet } },
    { id: 'plan', when: { mode: ['plan', 'architect', 'debug'] }, route: { tier: 'frontier' } },
    { id: 'code-small', when: { mode: ['code'], maxInput: 40_000 }, route: { tier: 'balanced' } },
    { id: 'code-large', when: { mode: ['code'] }, route: { tier: 'frontier' } },
    { id: 'ask', when: { mode: ['ask'] }, route: { tier: 'economy' } },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
};

/** A cheaper candidate: more goes to economy, long prompts to deepseek, one team kept on frontier. */
export const CANDIDATE_DOC: TestDocument = {
  tiers: TIERS,
  rules: [
    { id: 'vip', when: { tag: ['team', ['research']] }, route: { tier: 'frontier' } },
    { id: 'plan', when: { mode: ['plan', 'architect'] }, route: { tier: 'frontier' } },
    { id: 'debug', when: { mode: ['debug'], maxInput: 120_000 }, route: { tier: 'balanced' } },
    { id: 'code-small', when: { mode: ['code'], maxInput: 25_000 }, route: { tier: 'economy' } },
    { id: 'code-long', when: { mode: ['code'], minInput: 90_000 }, route: { model: M.deepseek } },
    { id: 'ask', when: { mode: ['ask'] }, route: { model: M.late } },
    { id: 'orchestrator', when: { mode: ['orchestrator'] }, route: { model: M.unpriced } },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
};

const MODES = { code: 40, ask: 15, debug: 15, plan: 10, architect: 5, orchestrator: 10, review: 5 };
const TASKS = ['implement', 'refactor', 'explain', null] as const;

/** Input sizes that often sit near the thresholds (25k, 32k, 40k, 90k, 100k, 120k, 150k, 200k). */
function inputTokens(rng: SeededRandom): number {
  const near = [25_000, 32_000, 40_000, 90_000, 100_000, 120_000, 150_000, 200_000];
  if (rng.chance(0.3)) return Math.max(1, rng.pick(near) + rng.int(-2, 2));
  return rng.chance(0.15) ? rng.int(100_000, 260_000) : rng.int(200, 60_000);
}

/** Days around the price changes: concentrated traffic falls on them only. */
const HOT_DAYS = ['2026-03-10T00:00:00Z', '2026-03-14T23:00:00Z', '2026-03-20T00:00:00Z', '2026-03-29T00:00:00Z'].map((d) =>
  new Date(d).getTime(),
);

/**
 * Traffic as a gateway running `doc` would record it: mostly the primary, sometimes a fallback.
 * `concentrated`: few distinct features, days and sizes, so groups hold many requests each.
 */
export function recordTraffic(
  n: number,
  seed: number,
  doc: TestDocument = SERVED_DOC,
  opts: { concentrated?: boolean } = {},
): RecordedRequest[] {
  const rng = new SeededRandom(seed);
  const router = testRouter(doc);
  const span = PERIOD.to.getTime() - PERIOD.from.getTime();
  const few = opts.concentrated === true;
  const out: RecordedRequest[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(few ? rng.pick(HOT_DAYS) + rng.int(0, 86_399_999) : PERIOD.from.getTime() + Math.floor(rng.next() * span));
    const input = few
      ? rng.pick([1_200, 24_999, 25_000, 33_000, 99_000, 100_000, 100_001, 180_000, 210_000]) + rng.int(0, 3)
      : inputTokens(rng);
    const cacheRead = rng.chance(0.5) ? rng.int(0, Math.floor(input * 0.8)) : 0;
    const cacheWrite5m = rng.chance(0.3) ? rng.int(0, input - cacheRead) : 0;
    const cacheWrite1h = rng.chance(0.1) ? rng.int(0, input - cacheRead - cacheWrite5m) : 0;
    const output = rng.int(0, 8_000);
    const tokens = {
      inputTokens: input,
      cacheReadTokens: cacheRead,
      cacheWrite5mTokens: cacheWrite5m,
      cacheWrite1hTokens: cacheWrite1h,
      outputTokens: output,
      reasoningTokens: rng.chance(0.3) ? rng.int(0, output) : 0,
    };
    const mode = rng.weighted(MODES);
    const requestedModel = rng.chance(0.05) ? 'acme/frontier-direct' : few || rng.chance(0.5) ? 'auto' : null;
    const tags: Record<string, string> = rng.chance(0.2) ? { team: rng.pick(['research', 'web']) } : {};
    const features = few
      ? { mode, task: null, project: 'p1', user: 'ana', tags, requestedModel }
      : { mode, task: rng.pick(TASKS), project: rng.pick(['p1', 'p2']), user: rng.pick(['ana', 'bo', 'cy']), tags, requestedModel };
    const request = recordOne(router, features, at, tokens, (fallbacks) => (rng.chance(0.1) ? rng.pick(fallbacks) : null), {
      success: rng.chance(0.7) ? rng.next() : null,
      score: rng.chance(0.5) ? rng.next() : null,
    });
    out.push({ ...request, sessionId: `s${rng.int(1, Math.max(1, Math.floor(n / 8)))}` });
  }
  return out;
}

/**
 * One request as the gateway (routing by `router`, sometimes served by a fallback) and ingestion (pricing,
 * tiering) record it. Outcomes: draws in [0, 1) turned into a success and a score that favour dearer tiers.
 */
export function recordOne(
  router: Router,
  features: Omit<RequestFeatures, 'inputTokens' | 'project'> & { project: string },
  at: Date,
  tokens: TokenUsage,
  pickFallback: (fallbacks: readonly ModelRef[]) => ModelRef | null,
  draws: { success: number | null; score: number | null },
): RecordedRequest {
  const choice = router({ ...features, inputTokens: tokens.inputTokens });
  let served: ModelRef = choice ?? M.balanced;
  if (choice?.fallbacks?.length) served = pickFallback(choice.fallbacks) ?? served;
  const priced = pricer.price(served.provider, served.model, at, tokens);
  const tier = pricer.tierOf(served.provider, served.model);
  const good = tier === 'frontier' ? 0.9 : tier === 'balanced' ? 0.8 : 0.65;
  return {
    at,
    ...features,
    sessionId: null,
    provider: served.provider,
    model: served.model,
    tier,
    routing: { ruleId: choice?.ruleId ?? null, tier: choice?.tier ?? null },
    tokens,
    costMicros: priced.costMicros,
    cacheSavingsMicros: priced.cacheSavingsMicros,
    outcomeSuccess: draws.success === null ? null : draws.success < good,
    outcomeScore: draws.score === null ? null : Math.round(Math.min(1, Math.max(0, good + (draws.score - 0.5) * 0.4)) * 100) / 100,
  };
}

export interface NaiveTotals {
  requests: number;
  actualMicros: number;
  actualUnpriced: number;
  simulatedMicros: number;
  simulatedUnpriced: number;
  moved: number;
  byDay: Map<string, { actual: number; simulated: number }>;
  byModel: Map<string, { actual: number; simulated: number }>;
}

const same = (a: ModelRef, b: ModelRef) => `${a.provider}/${a.model}`.toLowerCase() === `${b.provider}/${b.model}`.toLowerCase();

/** The oracle: each request on its own, priced by the ingestion pricer at its own timestamp and tokens. */
export function naiveReplay(requests: readonly RecordedRequest[], router: Router, cache: CacheAssumption): NaiveTotals {
  const t: NaiveTotals = {
    requests: 0,
    actualMicros: 0,
    actualUnpriced: 0,
    simulatedMicros: 0,
    simulatedUnpriced: 0,
    moved: 0,
    byDay: new Map(),
    byModel: new Map(),
  };
  const bump = (m: Map<string, { actual: number; simulated: number }>, key: string, side: 'actual' | 'simulated', v: number) => {
    const e = m.get(key) ?? { actual: 0, simulated: 0 };
    e[side] += v;
    m.set(key, e);
  };
  for (const r of requests) {
    if (r.at < PERIOD.from || r.at >= PERIOD.to) continue;
    const choice: RouteChoice | null = router({ ...r, inputTokens: r.tokens.inputTokens });
    const viaFallback =
      choice !== null &&
      r.routing.ruleId === choice.ruleId &&
      r.routing.tier === choice.tier &&
      !!choice.fallbacks?.some((f) => same(f, r));
    const keep = choice === null || same(choice, r) || viaFallback;
    const day = formatCalendarDate(localDate(r.at, TZ));
    t.requests += 1;
    if (r.costMicros === null) t.actualUnpriced += 1;
    else t.actualMicros += r.costMicros;
    bump(t.byDay, day, 'actual', r.costMicros ?? 0);
    bump(t.byModel, `${r.provider}/${r.model}`.toLowerCase(), 'actual', r.costMicros ?? 0);
    let cost: number | null;
    let target: ModelRef = r;
    if (keep) cost = r.costMicros;
    else {
      target = choice!;
      t.moved += 1;
      const usage =
        cache === 'kept-when-moved' ? r.tokens : { ...r.tokens, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
      cost = pricer.price(target.provider, target.model, r.at, usage).costMicros;
    }
    if (cost === null) t.simulatedUnpriced += 1;
    else t.simulatedMicros += cost;
    bump(t.byDay, day, 'simulated', cost ?? 0);
    bump(t.byModel, `${target.provider}/${target.model}`.toLowerCase(), 'simulated', cost ?? 0);
  }
  return t;
}
