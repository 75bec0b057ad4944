/**
 * Property tests of the evaluator and the pre-emption check, against a naive reference written here from the
 * semantics in DESIGN.md, over small alphabets so that the whole request space of a document can be enumerated:
 * every value a generated rule can test, plus one value no rule lists, plus absence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUDGET_STATES, type BudgetState, type RoutingDocument, type RoutingRule, routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import type { RequestFeatures } from '@/lib/routing/features';
import { ruleCovers } from '@/lib/routing/preemption';
import { routeRequest } from '@/lib/routing/route-request';
import { validateRoutingDocument } from '@/lib/routing/validate';

const MODES = ['a', 'b'];
const TASKS = ['x', 'y'];
const TEAMS = ['t1'];
const REQUESTED = ['auto', 'switchyard/fast', 'switchyard/nope', 'openai/m1'];
const BOUNDS = [0, 100, 200, 300];
const BUDGETS = ['b1', 'b2'];
const TIERS = { fast: ['openai/m1', 'openai/m2'], slow: ['anthropic/s1'] };

const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
const whenArb = fc.record(
  {
    mode: subset(MODES),
    task: subset(TASKS),
    tags: fc.record({ team: subset(TEAMS) }),
    requestedModel: subset(REQUESTED),
    inputTokens: fc
      .record({ gte: fc.constantFrom(...BOUNDS), lt: fc.constantFrom(...BOUNDS.slice(1)) }, { requiredKeys: [] })
      .filter((r) => r.gte !== undefined || r.lt !== undefined),
    budget: fc.record({ state: subset(BUDGET_STATES), budgets: subset(BUDGETS) }, { requiredKeys: ['state'] }),
  },
  { requiredKeys: [] },
);
const routeArb = fc.oneof(
  fc.constantFrom({ tier: 'fast' }, { tier: 'slow' }),
  fc.constantFrom({ model: 'openai/m3' }, { model: 'anthropic/s1' }),
);
const ruleArb = (id: string) =>
  fc.record({ when: whenArb, route: routeArb, fallbacks: fc.constantFrom(undefined, ['openai/m3']) }).map(({ fallbacks, ...r }) => ({
    id,
    ...r,
    ...(fallbacks ? { fallbacks } : {}),
  }));
const WHEN_KEYS = ['mode', 'task', 'tags', 'requestedModel', 'inputTokens', 'budget'] as const;
/** A takes each test from B (where `fromB`) or keeps its own: near-covers, and covers, become common. */
function mix<R extends { when: Record<string, unknown> }>(a: R, b: R, fromB: readonly boolean[]): R {
  const when: Record<string, unknown> = {};
  WHEN_KEYS.forEach((k, i) => {
    const v = fromB[i] ? b.when[k] : a.when[k];
    if (v !== undefined) when[k] = v;
  });
  return { ...a, when };
}
const mixArb = fc.array(fc.boolean(), { minLength: WHEN_KEYS.length, maxLength: WHEN_KEYS.length });
/** Up to 6 rules and the default; a rule often borrows tests from an earlier one, so pre-emption happens. */
const docArb: fc.Arbitrary<RoutingDocument> = fc
  .integer({ min: 0, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fc.tuple(ruleArb(`r${i}`), fc.nat(), fc.boolean(), mixArb))))
  .map((drawn) => {
    const rules: ReturnType<typeof mix>[] = [];
    for (const [rule, j, borrow, fromEarlier] of drawn) {
      rules.push(borrow && rules.length > 0 ? mix(rule, rules[j % rules.length]!, fromEarlier) : rule);
    }
    return routingDocumentSchema.parse({ tiers: TIERS, rules: [...rules, { id: 'default', when: {}, route: { tier: 'slow' } }] });
  });

/** Every class of request the generated documents can tell apart. */
function* requestSpace(): Generator<RequestFeatures> {
  const opt = <T>(xs: readonly T[]) => [undefined, ...xs];
  const states: BudgetState[] = ['ok', 'warning', 'exceeded'];
  for (const mode of opt(MODES))
    for (const task of opt(TASKS))
      for (const team of opt(TEAMS))
        for (const requestedModel of [undefined, ...REQUESTED.slice(1), 'switchyard/zzz', 'switchyard/slow', 'openai/other'])
          for (const inputTokens of opt(BOUNDS))
            for (const s1 of states)
              for (const s2 of states)
                for (const s3 of states) {
                  yield {
                    ...(mode === undefined ? {} : { mode }),
                    ...(task === undefined ? {} : { task }),
                    ...(team === undefined ? {} : { tags: { team } }),
                    ...(requestedModel === undefined ? {} : { requestedModel }),
                    ...(inputTokens === undefined ? {} : { inputTokens }),
                    budgets: { b1: s1, b2: s2, b3: s3 },
                  };
                }
}
const SPACE = [...requestSpace()];
const requestArb = fc.constantFrom(...SPACE);

// ---- The reference: the semantics, written as plainly as possible. ----
const rank = (s: BudgetState | undefined) => (s === undefined ? 0 : BUDGET_STATES.indexOf(s));
type Check = (f: RequestFeatures) => boolean;
const requestedOf = (f: RequestFeatures) => f.requestedModel?.trim().toLowerCase() || 'auto';
/** The rule's tests, one plain check each (memoized per rule: the searches below call them millions of times). */
const checksMemo = new WeakMap<RoutingRule, Check[]>();
function refChecks(rule: RoutingRule): Check[] {
  const memo = checksMemo.get(rule);
  if (memo) return memo;
  const { mode, task, tags, requestedModel, inputTokens, budget } = rule.when;
  const checks: Check[] = [];
  if (mode) checks.push((f) => f.mode !== undefined && mode.includes(f.mode.toLowerCase()));
  if (task) checks.push((f) => f.task !== undefined && task.includes(f.task.toLowerCase()));
  for (const [k, vs] of Object.entries(tags ?? {})) checks.push((f) => f.tags?.[k] !== undefined && vs.includes(f.tags[k]!));
  if (requestedModel) checks.push((f) => requestedModel.includes(requestedOf(f)));
  if (inputTokens) {
    const { gte = 0, lt = Number.POSITIVE_INFINITY } = inputTokens;
    checks.push((f) => f.inputTokens !== undefined && f.inputTokens >= gte && f.inputTokens < lt);
  }
  if (budget) {
    checks.push((f) => {
      let worst = 0;
      for (const id of budget.budgets ?? Object.keys(f.budgets ?? {})) worst = Math.max(worst, rank(f.budgets?.[id]));
      return budget.state.includes(BUDGET_STATES[worst]!);
    });
  }
  checksMemo.set(rule, checks);
  return checks;
}
const refFailures = (rule: RoutingRule, f: RequestFeatures) => refChecks(rule).filter((c) => !c(f)).length;
const refMatches = (rule: RoutingRule, f: RequestFeatures) => refChecks(rule).every((c) => c(f));
function refKind(f: RequestFeatures): 'auto' | 'tier' | 'model' {
  const r = requestedOf(f);
  if (r === 'auto') return 'auto';
  if (r.startsWith('switchyard/')) return r.slice(11) in TIERS ? 'tier' : 'auto';
  return 'model';
}
/** Whether routeRequest lets this rule decide this request at all. */
const refApplies = (rule: RoutingRule, f: RequestFeatures) => rule.when.requestedModel !== undefined || refKind(f) === 'auto';
/** The rule routeRequest should pick, or null (tier alias / pass-through). */
const refRoute = (doc: RoutingDocument, f: RequestFeatures) => doc.rules.find((r) => refApplies(r, f) && refMatches(r, f))?.id ?? null;

const RUNS = { numRuns: 300 };

describe('evaluator properties', () => {
  it('first match wins: the decision is the first rule whose every test holds (and so a rule never fires when a test fails)', () => {
    fc.assert(
      fc.property(docArb, requestArb, (doc, f) => {
        const d = compileRoutingDocument(doc, { version: 1 }).evaluate(f);
        expect(d.ruleId).toBe(doc.rules.find((r) => refMatches(r, f))!.id);
      }),
      RUNS,
    );
  });

  it('a rule never fires when any one of its tests fails', () => {
    fc.assert(
      fc.property(docArb, fc.nat(), fc.nat(), (doc, ri, fi) => {
        const rules = doc.rules.slice(0, -1);
        if (rules.length === 0) return;
        const rule = rules[ri % rules.length]!;
        // A request that meets every test of this rule but one (searched from a random place): the rule must not decide it.
        const start = fi % SPACE.length;
        const f = [...SPACE.slice(start), ...SPACE.slice(0, start)].find((x) => refFailures(rule, x) === 1);
        if (f === undefined) return;
        const compiled = compileRoutingDocument(doc, { version: 1 });
        expect(compiled.evaluate(f).ruleId).not.toBe(rule.id);
        expect(
          compiled
            .explain(f)
            .trace.find((t) => t.ruleId === rule.id)
            ?.tests.filter((t) => !t.held) ?? [1],
        ).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('the default always matches: every request gets a decision, and the default decides what no other rule matches', () => {
    fc.assert(
      fc.property(docArb, requestArb, (doc, f) => {
        const compiled = compileRoutingDocument(doc, { version: 1 });
        const others = doc.rules.slice(0, -1).some((r) => refMatches(r, f));
        const d = compiled.evaluate(f);
        expect(d.model).toBeTruthy();
        if (!others) expect(d.ruleId).toBe('default');
        expect(compiled.explain(f).trace.at(-1)!.matched).toBe(true);
      }),
      RUNS,
    );
  });

  it('a decision is deterministic: the same request, the same document (even recompiled) → the same decision', () => {
    fc.assert(
      fc.property(docArb, requestArb, (doc, f) => {
        const a = compileRoutingDocument(doc, { version: 3 });
        const b = compileRoutingDocument(structuredClone(doc), { version: 3 });
        expect(a.evaluate(f)).toBe(a.evaluate(structuredClone(f)));
        expect(b.evaluate(f)).toEqual(a.evaluate(f));
        expect(b.explain(f)).toEqual(a.explain(f));
      }),
      RUNS,
    );
  });

  it('explain agrees with evaluate, and its trace is every rule tried in order, each matched exactly when all its tests held', () => {
    fc.assert(
      fc.property(docArb, requestArb, (doc, f) => {
        const compiled = compileRoutingDocument(doc, { version: 1 });
        const { trace, ...decision } = compiled.explain(f);
        expect(decision).toEqual(compiled.evaluate(f));
        expect(trace.map((t) => t.ruleId)).toEqual(doc.rules.slice(0, trace.length).map((r) => r.id));
        trace.forEach((t, i) => {
          expect(t.matched).toBe(t.tests.every((x) => x.held));
          expect(t.matched).toBe(refMatches(doc.rules[i]!, f));
          expect(t.matched).toBe(i === trace.length - 1);
        });
      }),
      RUNS,
    );
  });

  it('routeRequest: the table for auto, only requested-model rules for a named model or tier, then the tier or pass-through', () => {
    fc.assert(
      fc.property(docArb, requestArb, (doc, f) => {
        const compiled = compileRoutingDocument(doc, { version: 1 });
        const out = routeRequest(compiled, f);
        const expected = refRoute(doc, f);
        expect(out.routing?.ruleId ?? null).toBe(expected);
        if (expected === null) expect(out.action).toBe(refKind(f) === 'tier' ? 'tier_alias' : 'pass_through');
        const { trace, ...explained } = routeRequest(compiled, f, { explain: true });
        expect(explained).toEqual(out);
        expect(trace.every((t, i) => t.matched === (i === trace.length - 1 && expected !== null))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('pre-emption properties', () => {
  it('is exact for a pair of rules: A covers B exactly when no request that B decides escapes A (else a witness shows it)', () => {
    const tierNames = new Set(Object.keys(TIERS));
    fc.assert(
      fc.property(ruleArb('a'), ruleArb('b'), mixArb, (ra, rb, fromB) => {
        const [a, b] = routingDocumentSchema.parse({ tiers: TIERS, rules: [mix(ra, rb, fromB), rb] }).rules as [RoutingRule, RoutingRule];
        const witness = SPACE.find((f) => refApplies(b, f) && refMatches(b, f) && !(refApplies(a, f) && refMatches(a, f)));
        expect(ruleCovers(a, b, tierNames)).toBe(witness === undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('never flags a rule that some request can reach: no request in the whole space is decided by a flagged rule', () => {
    let flagged = 0;
    fc.assert(
      fc.property(docArb, (doc) => {
        const preempted = validateRoutingDocument(doc)
          .filter((i) => i.code === 'preempted_rule')
          .map((i) => doc.rules[Number(i.path.split('/')[2])]!.id);
        if (preempted.length === 0) return;
        flagged += preempted.length;
        const compiled = compileRoutingDocument(doc, { version: 1 });
        const reached = new Set(SPACE.map((f) => routeRequest(compiled, f).routing?.ruleId));
        for (const id of preempted) expect(reached.has(id)).toBe(false);
      }),
      { numRuns: 60 },
    );
    expect(flagged).toBeGreaterThan(0); // the generator does produce pre-empted rules
  });
});
