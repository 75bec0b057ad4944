import { describe, expect, it } from 'vitest';
import { type RoutingDocument, type RoutingDocumentInput, routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { RoutingDocumentError } from '@/lib/routing/issues';
import { routeRequest } from '@/lib/routing/route-request';

const load = (d: RoutingDocumentInput): RoutingDocument => routingDocumentSchema.parse(d);
const v2 = compileRoutingDocument(load(DEMO_ROUTING_V2), { version: 2 });

const TABLE = load({
  tiers: {
    frontier: ['anthropic/claude-opus-4-5', 'openai/gpt-5'],
    balanced: ['anthropic/claude-haiku-4-5', 'openai/gpt-5-mini'],
    economy: ['openai/gpt-5-nano'],
  },
  rules: [
    { id: 'over-budget', when: { budget: { state: ['exceeded'] } }, route: { tier: 'economy' } },
    { id: 'team-budget-warn', when: { budget: { state: ['warning', 'exceeded'], budgets: ['team-a'] } }, route: { tier: 'balanced' } },
    { id: 'huge-context', when: { inputTokens: { gte: 200_000 } }, route: { model: 'google/gemini-2.5-pro' }, fallbacks: ['openai/gpt-5'] },
    {
      id: 'gpt4o-to-mini',
      when: { requestedModel: ['openai/gpt-4o', 'switchyard/frontier'] },
      route: { model: 'openai/gpt-5-mini' },
      fallbacks: ['openai/gpt-5-mini', 'openai/gpt-5'],
    },
    {
      id: 'plan',
      when: { mode: ['plan'], tags: { team: ['core'] } },
      route: { tier: 'frontier' },
      fallbacks: ['openai/gpt-5', 'x/y'],
      reasoningEffort: 'high',
    },
    { id: 'code-small', when: { mode: ['code'], inputTokens: { lt: 8000 } }, route: { tier: 'economy' } },
    { id: 'ana', when: { user: ['ana'], project: ['checkout-agent'] }, route: { tier: 'frontier' } },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
});
const table = compileRoutingDocument(TABLE, { version: 7 });

describe('the evaluator on the demo table', () => {
  it('routes each mode to its tier, with the tier’s other models as fallbacks and the rule’s reasoning effort', () => {
    expect(v2.evaluate({ mode: 'plan' })).toEqual({
      ruleId: 'deep-work',
      version: 2,
      tier: 'frontier',
      model: 'anthropic/claude-opus-4-5',
      fallbacks: ['openai/gpt-5', 'google/gemini-2.5-pro'],
      reasoningEffort: 'high',
    });
    const tierOf = (mode?: string) => v2.evaluate({ mode }).tier;
    expect(['plan', 'architect', 'debug', 'code', 'orchestrator', 'ask', 'review', undefined].map(tierOf)).toEqual([
      'frontier',
      'frontier',
      'frontier',
      'balanced',
      'balanced',
      'economy',
      'balanced',
      'balanced',
    ]);
    expect(v2.evaluate({ mode: ' CODE ' }).ruleId).toBe('code'); // lower-cased and trimmed, as ingestion does
  });

  it('version 1 pinned code to a model, with its own fallback and no tier', () => {
    const v1 = compileRoutingDocument(load(DEMO_ROUTING_V1), { version: 1 });
    expect(v1.evaluate({ mode: 'code' })).toEqual({
      ruleId: 'code',
      version: 1,
      tier: null,
      model: 'anthropic/claude-sonnet-4-5',
      fallbacks: ['openai/gpt-5'],
    });
  });

  it('explains which tests held, rule by rule, up to the rule that decided', () => {
    const { trace, ...decision } = v2.explain({ mode: 'ask' });
    expect(decision).toEqual(v2.evaluate({ mode: 'ask' }));
    expect(trace).toEqual([
      {
        ruleId: 'deep-work',
        matched: false,
        tests: [{ test: 'mode', held: false, detail: 'mode "ask" is not one of "plan", "architect", "debug"' }],
      },
      { ruleId: 'code', matched: false, tests: [{ test: 'mode', held: false, detail: 'mode "ask" is not one of "code", "orchestrator"' }] },
      { ruleId: 'ask', matched: true, tests: [{ test: 'mode', held: true, detail: 'mode "ask" is one of "ask"' }] },
    ]);
    expect(v2.explain({}).trace.at(-1)).toEqual({ ruleId: 'default', matched: true, tests: [] });
  });

  it('returns the rule’s frozen decision: no allocation, nothing a caller can change', () => {
    const a = v2.evaluate({ mode: 'plan' });
    expect(v2.evaluate({ mode: 'architect' })).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.fallbacks)).toBe(true);
  });
});

describe('tests of every kind', () => {
  it('tags, user and project (case-sensitive), all tests of a rule must hold', () => {
    expect(table.evaluate({ mode: 'plan', tags: { team: 'core' } }).ruleId).toBe('plan');
    expect(table.evaluate({ mode: 'plan', tags: { team: 'Core' } }).ruleId).toBe('default');
    expect(table.evaluate({ mode: 'plan' }).ruleId).toBe('default');
    expect(table.evaluate({ user: 'ana', project: 'checkout-agent' }).ruleId).toBe('ana');
    expect(table.evaluate({ user: 'Ana', project: 'checkout-agent' }).ruleId).toBe('default');
    expect(table.evaluate({ user: 'ana' }).ruleId).toBe('default');
    // A tag named like an Object.prototype member is not "present".
    expect(
      compileRoutingDocument(
        load({
          tiers: { t: ['a/b'] },
          rules: [
            { id: 'p', when: { tags: { constructor: ['x'] } }, route: { tier: 't' } },
            { id: 'd', when: {}, route: { model: 'c/d' } },
          ],
        }),
        { version: 1 },
      ).evaluate({ tags: {} }).ruleId,
    ).toBe('d');
  });

  it('input tokens: [gte, lt); no estimate (or a nonsense one) fails the test', () => {
    expect(table.evaluate({ mode: 'code', inputTokens: 7999 }).ruleId).toBe('code-small');
    expect(table.evaluate({ mode: 'code', inputTokens: 8000 }).ruleId).toBe('default');
    expect(table.evaluate({ mode: 'code' }).ruleId).toBe('default');
    expect(table.evaluate({ mode: 'code', inputTokens: -5 }).ruleId).toBe('default');
    expect(table.evaluate({ mode: 'code', inputTokens: Number.NaN }).ruleId).toBe('default');
    expect(table.evaluate({ inputTokens: 200_000 }).ruleId).toBe('huge-context');
    expect(table.evaluate({ inputTokens: 199_999 }).ruleId).toBe('default');
    const detail = (f: object) => table.explain(f).trace.find((t) => t.ruleId === 'code-small')!.tests[1]!.detail;
    expect(detail({ mode: 'code', inputTokens: 1234.5 })).toBe('input tokens 1,234.5 are in [0, 8,000)');
    expect(detail({ mode: 'code', inputTokens: 12_000 })).toBe('input tokens 12,000 are not in [0, 8,000)');
    expect(detail({ mode: 'code' })).toBe('no input-token estimate; needs [0, 8,000)');
  });

  it('budget: the worst state of the matching budgets in scope; a budget not listed counts as ok', () => {
    expect(table.evaluate({ budgets: { 'team-b': 'exceeded', 'team-a': 'ok' } }).ruleId).toBe('over-budget');
    expect(table.evaluate({ budgets: { 'team-b': 'warning' } }).ruleId).toBe('default'); // team-a not matching: ok
    expect(table.evaluate({ budgets: { 'team-a': 'warning', 'team-b': 'ok' } }).ruleId).toBe('team-budget-warn');
    expect(table.evaluate({ budgets: {} }).ruleId).toBe('default');
    const { trace } = table.explain({ budgets: { 'team-b': 'warning', 'team-a': 'ok' } });
    expect(trace[0]!.tests[0]!.detail).toBe('worst state of the matching budgets is warning ("team-b"), not one of exceeded');
    expect(trace[1]!.tests[0]!.detail).toBe('worst state of budgets "team-a" is ok, not one of warning, exceeded');
  });

  it('fallbacks: the tier’s other models, then the rule’s, without repeats or the served model', () => {
    expect(table.evaluate({ mode: 'plan', tags: { team: 'core' } }).fallbacks).toEqual(['openai/gpt-5', 'x/y']);
    expect(table.evaluate({ requestedModel: 'openai/gpt-4o' }).fallbacks).toEqual(['openai/gpt-5']);
  });
});

describe('routeRequest: the gateway’s reading of the requested model', () => {
  it('auto, no model, or an alias of no tier: the whole table decides', () => {
    for (const requestedModel of [undefined, '', 'auto', 'AUTO', 'switchyard/premium']) {
      const out = routeRequest(table, { mode: 'code', inputTokens: 100, requestedModel });
      expect(out).toMatchObject({
        action: 'rule',
        requestKind: 'auto',
        model: 'openai/gpt-5-nano',
        routing: { ruleId: 'code-small', version: 7, tier: 'economy' },
      });
    }
  });

  it('a named model passes through unchanged, as the caller spelled it, unless a requested-model rule matches', () => {
    expect(routeRequest(table, { mode: 'code', inputTokens: 100, requestedModel: 'Anthropic/Claude-Sonnet-4-5' })).toEqual({
      action: 'pass_through',
      requestKind: 'model',
      model: 'Anthropic/Claude-Sonnet-4-5',
      fallbacks: [],
      routing: null,
      decision: null,
    });
    const out = routeRequest(table, { mode: 'code', requestedModel: 'OpenAI/GPT-4o' });
    expect(out).toMatchObject({ action: 'rule', requestKind: 'model', model: 'openai/gpt-5-mini', routing: { ruleId: 'gpt4o-to-mini' } });
    expect(out.decision).toBe(table.evaluate({ requestedModel: 'openai/gpt-4o' }));
  });

  it('switchyard/<tier> serves the tier unless a requested-model rule matches; budget rules without one do not apply', () => {
    expect(routeRequest(table, { requestedModel: 'switchyard/balanced', budgets: { x: 'exceeded' } })).toEqual({
      action: 'tier_alias',
      requestKind: 'tier',
      model: 'anthropic/claude-haiku-4-5',
      fallbacks: ['openai/gpt-5-mini'],
      routing: { ruleId: null, version: 7, tier: 'balanced' },
      decision: null,
    });
    expect(routeRequest(table, { requestedModel: 'Switchyard/Frontier' })).toMatchObject({
      action: 'rule',
      routing: { ruleId: 'gpt4o-to-mini' },
    });
  });

  it('explain adds the trace of the rules the request was subject to', () => {
    const auto = routeRequest(table, { mode: 'ask' }, { explain: true });
    expect(auto.trace.map((t) => t.ruleId)).toEqual(TABLE.rules.map((r) => r.id));
    const named = routeRequest(table, { mode: 'ask', requestedModel: 'openai/o3' }, { explain: true });
    expect(named).toMatchObject({ action: 'pass_through', trace: [{ ruleId: 'gpt4o-to-mini', matched: false }] });
    const { trace, ...rest } = routeRequest(table, { requestedModel: 'openai/gpt-4o' }, { explain: true });
    expect(rest).toEqual(routeRequest(table, { requestedModel: 'openai/gpt-4o' }));
    expect(trace).toHaveLength(1);
  });
});

describe('compileRoutingDocument refuses what it cannot evaluate', () => {
  const tryCompile = (d: RoutingDocumentInput) => {
    try {
      compileRoutingDocument(load(d), { version: 1 });
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(RoutingDocumentError);
      return (err as RoutingDocumentError).issues.map((i) => [i.code, i.path]);
    }
  };

  it('no default, a route to a missing tier, an empty tier', () => {
    expect(tryCompile({ tiers: {}, rules: [] })).toEqual([['missing_default', '/rules']]);
    expect(tryCompile({ tiers: { a: [] }, rules: [{ id: 'd', when: {}, route: { tier: 'b' } }] })).toEqual([
      ['empty_tier', '/tiers/a'],
      ['unknown_tier', '/rules/0/route/tier'],
    ]);
    expect(tryCompile(DEMO_ROUTING_V2)).toEqual([]);
  });
});
