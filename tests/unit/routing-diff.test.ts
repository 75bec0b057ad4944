import { describe, expect, it } from 'vitest';
import { type RoutingDocument, type RoutingDocumentInput, routingDocumentSchema } from '@/lib/routing/document';
import { diffRoutingDocuments } from '@/lib/routing/diff';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';

const load = (d: RoutingDocumentInput): RoutingDocument => routingDocumentSchema.parse(d);
const TIERS = { a: ['p/a1', 'p/a2'], b: ['p/b1'] };
const rule = (id: string, when: object = { mode: [id] }, extra: object = {}) => ({ id, when, route: { tier: 'a' }, ...extra });
const doc = (rules: object[], tiers: object = TIERS) => load({ tiers, rules: [...rules, rule('default', {})] } as RoutingDocumentInput);

describe('diffRoutingDocuments', () => {
  it('demo v1 → v2: the code rule changed its route and dropped its fallback', () => {
    const d = diffRoutingDocuments(load(DEMO_ROUTING_V1), load(DEMO_ROUTING_V2));
    expect(d.same).toBe(false);
    expect(d.tiers).toEqual([]);
    expect(d.rules).toEqual([
      {
        ruleId: 'code',
        change: 'changed',
        moved: false,
        from: 1,
        to: 1,
        fields: [
          { path: '/description', before: 'Coding and orchestration on Claude Sonnet 4.5.', after: expect.any(String) },
          { path: '/route', before: { model: 'anthropic/claude-sonnet-4-5' }, after: { tier: 'balanced' } },
          { path: '/fallbacks', before: ['openai/gpt-5'] },
        ],
      },
    ]);
  });

  it('a document against itself, or with value sets reordered, is the same', () => {
    const a = doc([rule('x', { mode: ['p', 'q'], tags: { team: ['t1', 't2'] } })]);
    const b = doc([rule('x', { mode: ['q', 'p', 'q'], tags: { team: ['t2', 't1'] } })]);
    expect(diffRoutingDocuments(a, a)).toEqual({ same: true, tiers: [], rules: [] });
    expect(diffRoutingDocuments(a, b).same).toBe(true);
  });

  it('added and removed rules; an insertion above a rule does not make it "moved"', () => {
    const before = doc([rule('x'), rule('y')]);
    const after = doc([rule('new'), rule('x')]);
    expect(diffRoutingDocuments(before, after).rules).toEqual([
      { ruleId: 'new', change: 'added', moved: false, from: null, to: 0, fields: [] },
      { ruleId: 'y', change: 'removed', moved: false, from: 1, to: null, fields: [] },
    ]);
  });

  it('moved: the rules whose relative order changed (outside the longest common order), changed and moved together', () => {
    const before = doc([rule('x'), rule('y'), rule('z')]);
    const after = doc([rule('z', { mode: ['z', 'zz'] }), rule('x'), rule('y')]);
    expect(diffRoutingDocuments(before, after).rules).toEqual([
      {
        ruleId: 'z',
        change: 'changed',
        moved: true,
        from: 2,
        to: 0,
        fields: [{ path: '/when/mode', before: ['z'], after: ['z', 'zz'], added: ['zz'], removed: [] }],
      },
    ]);
    const swapped = diffRoutingDocuments(doc([rule('x'), rule('y')]), doc([rule('y'), rule('x')]));
    expect(swapped.rules).toEqual([{ ruleId: 'x', change: 'moved', moved: true, from: 0, to: 1, fields: [] }]);
  });

  it('changed field by field: tests added and removed, tag keys, ranges, budgets, route, fallbacks, effort', () => {
    const before = doc([
      rule(
        'x',
        { mode: ['a'], task: ['t'], tags: { team: ['core'] }, inputTokens: { lt: 100 }, budget: { state: ['exceeded'] } },
        {
          fallbacks: ['p/b1', 'p/a2'],
        },
      ),
    ]);
    const after = doc([
      {
        id: 'x',
        when: {
          mode: ['a'],
          user: ['ana'],
          tags: { env: ['prod'] },
          inputTokens: { gte: 0, lt: 100 },
          budget: { state: ['exceeded'], budgets: ['b1'] },
        },
        route: { tier: 'b' },
        fallbacks: ['p/a2', 'p/b1'],
        reasoningEffort: 'low',
      },
    ]);
    const [x] = diffRoutingDocuments(before, after).rules;
    expect(x!.fields).toEqual([
      { path: '/when/task', before: ['t'], added: [], removed: ['t'] },
      { path: '/when/user', after: ['ana'], added: ['ana'], removed: [] },
      { path: '/when/tags/env', after: ['prod'], added: ['prod'], removed: [] },
      { path: '/when/tags/team', before: ['core'], added: [], removed: ['core'] },
      { path: '/when/budget/budgets', after: ['b1'], added: ['b1'], removed: [] },
      { path: '/route', before: { tier: 'a' }, after: { tier: 'b' } },
      { path: '/fallbacks', before: ['p/b1', 'p/a2'], after: ['p/a2', 'p/b1'] },
      { path: '/reasoningEffort', after: 'low' },
    ]);
  });

  it('tiers: added, removed, and changed (order is priority)', () => {
    const d = diffRoutingDocuments(doc([], { a: ['p/a1', 'p/a2'], b: ['p/b1'] }), doc([], { a: ['p/a2', 'p/a1'], c: ['p/c1'] }));
    expect(d.tiers).toEqual([
      { tier: 'a', change: 'changed', before: ['p/a1', 'p/a2'], after: ['p/a2', 'p/a1'] },
      { tier: 'c', change: 'added', after: ['p/c1'] },
      { tier: 'b', change: 'removed', before: ['p/b1'] },
    ]);
  });
});
