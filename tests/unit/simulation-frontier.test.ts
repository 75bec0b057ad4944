/** Frontier candidates from a base document, combined mode by mode, against direct replays; the Pareto front. */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '@/lib/demo/random';
import { BASE_CHOICE, buildFrontier, everyModeTo, modeOverrideRouter, overrideRules, paretoFront } from '@/lib/simulation/frontier';
import { groupingBoundaries, groupRequests } from '@/lib/simulation/group';
import { simulate } from '@/lib/simulation/replay';
import { M, PERIOD, PRICING, pricer, recordTraffic, SERVED_DOC, shapeOf, testRouter, TIERS, TZ } from './simulation-fixtures';

describe('Pareto front', () => {
  it('marks the points no other point beats on both cost and quality', () => {
    const points = [
      { cost: 10, quality: 0.5 }, // on: cheapest
      { cost: 20, quality: 0.7 }, // on
      { cost: 20, quality: 0.6 }, // off: same cost, worse
      { cost: 30, quality: 0.7 }, // off: dearer, no better
      { cost: 40, quality: 0.9 }, // on
      { cost: 15, quality: 0.4 }, // off: dominated by the first
      { cost: 40, quality: 0.9 }, // on: a tie with an equal point
    ];
    expect(paretoFront(points)).toEqual([true, true, false, false, true, false, true]);
    expect(paretoFront([])).toEqual([]);
  });
});

describe('candidates from a base document', () => {
  const traffic = recordTraffic(5_000, 21);
  const base = testRouter(SERVED_DOC);
  const plan = groupingBoundaries({
    period: PERIOD,
    timeZone: TZ,
    candidates: [shapeOf(SERVED_DOC)],
    models: Object.values(M),
    pricer,
    pricing: PRICING,
  });
  const rows = groupRequests(traffic, plan);
  const opts = { plan, pricer, quality: { minOutcomes: 10 } };
  const baseResult = simulate({ ...opts, rows, router: base });
  const byTier = Object.fromEntries(
    ['frontier', 'balanced', 'economy'].map((tier) => [
      tier,
      simulate({ ...opts, rows, router: modeOverrideRouter(base, everyModeTo(baseResult, tier), TIERS) }),
    ]),
  );
  const frontier = buildFrontier({ base: baseResult, byTier });

  it('offers every assignment of modes to base or a tier, plus the actual traffic', () => {
    // Seven modes: 4⁷ = 16,384 combinations exceed the default cap of 5,000, so the six busiest vary.
    expect(baseResult.byMode.filter((m) => m.key !== null)).toHaveLength(7);
    expect(frontier.modes).toHaveLength(6);
    expect(frontier.points.filter((p) => p.kind === 'candidate')).toHaveLength(4 ** 6);
    const basePoint = frontier.points.find((p) => p.id === BASE_CHOICE)!;
    expect(basePoint.costMicros).toBe(baseResult.totals.simulated.costMicros);
    const actual = frontier.points.find((p) => p.kind === 'actual')!;
    expect(actual.costMicros).toBe(baseResult.totals.actual.costMicros);
    expect(actual.quality.estimate).toEqual(baseResult.quality.success.reference.estimate);
  });

  it('estimates each candidate exactly as replaying its own router would', () => {
    const rng = new SeededRandom(5);
    const candidates = frontier.points.filter((p) => p.kind === 'candidate');
    for (let i = 0; i < 12; i++) {
      const p = rng.pick(candidates);
      const direct = simulate({ ...opts, rows, router: modeOverrideRouter(base, p.assignment, TIERS) });
      expect(p.costMicros).toBe(direct.totals.simulated.costMicros);
      expect(p.unpricedRequests).toBe(direct.totals.simulated.unpricedRequests);
      expect(p.quality.estimate?.estimate).toBeCloseTo(direct.quality.success.candidate.estimate!.estimate, 12);
      expect(p.quality.estimate?.high).toBeCloseTo(direct.quality.success.candidate.estimate!.high, 12);
      expect(p.kept.ratio?.estimate).toBeCloseTo(direct.quality.success.paired.ratio!.estimate, 12);
    }
  });

  it('puts on the front only undominated points with full evidence and no unpriced traffic', () => {
    const front = frontier.points.filter((p) => p.onFront);
    expect(front.length).toBeGreaterThan(0);
    for (const p of front) {
      expect(p.evidenceComplete).toBe(true);
      expect(p.unpricedRequests).toBe(0);
      const q = p.quality.estimate!.estimate;
      const beaten = frontier.points.some(
        (o) =>
          o !== p &&
          o.evidenceComplete &&
          o.unpricedRequests === 0 &&
          o.quality.estimate &&
          o.costMicros <= p.costMicros &&
          o.quality.estimate.estimate >= q &&
          (o.costMicros < p.costMicros || o.quality.estimate.estimate > q),
      );
      expect(beaten).toBe(false);
    }
  });

  it('caps the number of combinations by fixing the least-used modes to the base', () => {
    const capped = buildFrontier({ base: baseResult, byTier, maxCandidates: 64 });
    expect(capped.modes).toHaveLength(3);
    expect(capped.points.filter((p) => p.kind === 'candidate')).toHaveLength(64);
    const byTraffic = baseResult.byMode.filter((m) => m.key !== null).sort((a, b) => b.actual.requests - a.actual.requests);
    expect(capped.modes).toEqual(byTraffic.slice(0, 3).map((m) => m.key));
  });

  it('turns a point into rules a draft can place first, and includes the draft as its own point', () => {
    expect(overrideRules({ code: 'economy', ask: BASE_CHOICE, plan: 'balanced' })).toEqual([
      { id: 'what-if-code', when: { mode: ['code'] }, route: { tier: 'economy' } },
      { id: 'what-if-plan', when: { mode: ['plan'] }, route: { tier: 'balanced' } },
    ]);
    const draft = simulate({ ...opts, rows, router: modeOverrideRouter(base, { ask: 'frontier' }, TIERS) });
    const withDraft = buildFrontier({ base: baseResult, byTier, draft });
    const d = withDraft.points.find((p) => p.kind === 'draft')!;
    expect(d.costMicros).toBe(draft.totals.simulated.costMicros);
    expect(d.costMicros).toBe(withDraft.points.find((p) => p.id === 'ask=frontier')!.costMicros);
  });

  it('leaves requests that name a model alone, as the gateway would', () => {
    const router = modeOverrideRouter(base, { code: 'economy' }, TIERS);
    const f = { mode: 'code', task: null, project: 'p1', user: null, tags: {}, inputTokens: 100 };
    expect(router({ ...f, requestedModel: 'auto' })?.model).toBe('economy');
    expect(router({ ...f, requestedModel: null })?.ruleId).toBe('what-if-code');
    expect(router({ ...f, requestedModel: 'acme/frontier-direct' })?.ruleId).toBe('pinned-passthrough');
  });
});
