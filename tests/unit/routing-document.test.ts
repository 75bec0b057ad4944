import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTING_LIMITS, type RoutingDocumentInput } from '@/lib/routing/document';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { ROUTING_ISSUES, type RoutingIssue } from '@/lib/routing/issues';
import { routingDocumentJsonSchema } from '@/lib/routing/json-schema';
import { parseRoutingDocument } from '@/lib/routing/parse';
import { whenCovers } from '@/lib/routing/preemption';

const TIERS = { frontier: ['anthropic/claude-opus-4-5'], balanced: ['openai/gpt-5-mini', 'google/gemini-2.5-flash'] };
const DEFAULT = { id: 'default', when: {}, route: { tier: 'balanced' } };
const doc = (rules: unknown[], tiers: unknown = TIERS) => ({ tiers, rules: [...rules, DEFAULT] });
const codes = (issues: RoutingIssue[]) => issues.map((i) => [i.code, i.path]);

function issuesOf(input: unknown, context?: Parameters<typeof parseRoutingDocument>[1]) {
  const r = parseRoutingDocument(input, context);
  return r.issues;
}

describe('published JSON Schema of the routing document', () => {
  it('is exactly what the server validates with (regenerate with `npx tsx scripts/generate-api-schema.ts`)', () => {
    const committed = JSON.parse(fs.readFileSync('docs/api/routing-document.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(routingDocumentJsonSchema())));
    expect(committed.required).toEqual(['tiers', 'rules']);
    expect(committed.additionalProperties).toBe(false);
  });
});

describe('parseRoutingDocument: good documents', () => {
  it('accepts the example in docs/api.md as it stands', () => {
    const section = fs.readFileSync('docs/api.md', 'utf8').split('## Routing document')[1]!;
    const example = section.split('```json\n')[1]!.split('```')[0]!;
    expect(parseRoutingDocument(example)).toMatchObject({ ok: true, issues: [] });
  });

  it('accepts the demo documents, from JSON text and from a parsed value, with no issue', () => {
    for (const d of [DEMO_ROUTING_V1, DEMO_ROUTING_V2]) {
      expect(parseRoutingDocument(JSON.stringify(d))).toMatchObject({ ok: true, issues: [] });
      expect(parseRoutingDocument(d)).toMatchObject({ ok: true, issues: [] });
    }
  });

  it('lower-cases mode, task, requested model and model providers as ingestion does; keeps users, tags and model names', () => {
    const r = parseRoutingDocument(
      doc([
        {
          id: 'r',
          when: { mode: [' Plan '], task: ['Refactor'], requestedModel: ['OpenAI/GPT-4o'], user: ['Ana'], tags: { Team: ['Core'] } },
          route: { model: 'Together/meta-llama/Llama-3.3-70B' },
        },
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rule = r.document.rules[0]!;
    expect(rule.when).toEqual({
      mode: ['plan'],
      task: ['refactor'],
      requestedModel: ['openai/gpt-4o'],
      user: ['Ana'],
      tags: { Team: ['Core'] },
    });
    expect(rule.route).toEqual({ model: 'together/meta-llama/Llama-3.3-70B' });
  });
});

describe('parseRoutingDocument: malformed input is refused with a stable code and a JSON pointer', () => {
  it('bad JSON', () => {
    expect(codes(issuesOf('{"tiers": {'))).toEqual([['invalid_json', '']]);
    expect(parseRoutingDocument('{"tiers": {').ok).toBe(false);
  });

  it('over 1 MB, as text or as a value, before any schema work', () => {
    const big = JSON.stringify({ ...doc([]), $schema: 'x'.repeat(10), pad: 'y'.repeat(ROUTING_LIMITS.maxBytes) });
    expect(codes(issuesOf(big))).toEqual([['document_too_large', '']]);
    expect(codes(issuesOf(JSON.parse(big)))).toEqual([['document_too_large', '']]);
    // Multi-byte characters count as the bytes they take.
    const wide = JSON.stringify({ ...doc([]), $schema: 'é'.repeat(ROUTING_LIMITS.maxBytes / 2 + 1) });
    expect(codes(issuesOf(wide))).toEqual([['document_too_large', '']]);
  });

  it('more rules than the limit (1,000 here), without validating each', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, when: { mode: [`m${i}`] }, route: { tier: 'frontier' } }));
    expect(codes(issuesOf(doc(rules)))).toEqual([['too_many_rules', '/rules']]);
    const atLimit = Array.from({ length: ROUTING_LIMITS.maxRules - 1 }, (_, i) => ({
      id: `r${i}`,
      when: { mode: [`m${i}`] },
      route: { tier: 'frontier' },
    }));
    expect(parseRoutingDocument(doc(atLimit)).ok).toBe(true);
  });

  it('schema violations: unknown fields, missing fields, wrong values — each at its path', () => {
    const issues = issuesOf({
      tiers: { Frontier: ['anthropic/x'], balanced: ['no-slash'] },
      rules: [
        { id: 'A', whne: {}, route: { tier: 'balanced' } },
        { id: 'b', when: { mode: [], inputTokens: { gte: -1 } }, route: { tier: 'balanced', model: 'openai/x' } },
        { id: 'c', when: { tags: { team: 'core' } }, route: {}, reasoningEffort: 'max' },
      ],
    });
    expect(codes(issues)).toEqual([
      ['invalid_value', '/tiers/Frontier'],
      ['invalid_value', '/tiers/balanced/0'],
      ['invalid_value', '/rules/0/id'],
      ['missing_field', '/rules/0/when'],
      ['unknown_field', '/rules/0/whne'],
      ['invalid_value', '/rules/1/when/mode'],
      ['invalid_value', '/rules/1/when/inputTokens/gte'],
      ['invalid_value', '/rules/1/route'],
      ['invalid_value', '/rules/2/when/tags/team'],
      ['invalid_value', '/rules/2/route'],
      ['invalid_value', '/rules/2/reasoningEffort'],
    ]);
    expect(issues.every((i) => i.severity === 'error' && i.message.length > 0)).toBe(true);
  });

  it('a `__proto__` key (which schema parsing would drop silently, widening the rule) is refused where it is', () => {
    const text = (tags: string) =>
      `{"tiers":{"t":["a/b"]},"rules":[{"id":"r","when":{"mode":["a"],"tags":${tags}},"route":{"tier":"t"}},` +
      '{"id":"d","when":{},"route":{"tier":"t"}}]}';
    expect(codes(issuesOf(text('{"__proto__":["x"]}')))).toEqual([['invalid_value', '/rules/0/when/tags/__proto__']]);
    expect(parseRoutingDocument(text('{"constructor":["x"]}')).ok).toBe(true);
  });

  it('a document that is not an object', () => {
    expect(codes(issuesOf('[]'))).toEqual([['invalid_value', '']]);
    expect(codes(issuesOf('null'))).toEqual([['invalid_value', '']]);
    expect(codes(issuesOf({}))).toEqual([
      ['missing_field', '/tiers'],
      ['missing_field', '/rules'],
    ]);
  });

  it('values are literals: no patterns are compiled, and pattern-looking values are flagged', () => {
    const r = parseRoutingDocument(doc([{ id: 'r', when: { mode: ['^(a+)+$'], task: ['refactor*'] }, route: { tier: 'frontier' } }]));
    expect(r.ok).toBe(true);
    expect(codes(r.issues)).toEqual([
      ['literal_pattern', '/rules/0/when/mode/0'],
      ['literal_pattern', '/rules/0/when/task/0'],
    ]);
    expect(r.issues.every((i) => i.severity === 'warning')).toBe(true);
  });
});

describe('validation on every save', () => {
  it('missing default: the last rule tests something, or there is no rule', () => {
    expect(codes(issuesOf({ tiers: TIERS, rules: [{ id: 'r', when: { mode: ['a'] }, route: { tier: 'frontier' } }] }))).toEqual([
      ['missing_default', '/rules'],
    ]);
    expect(codes(issuesOf({ tiers: TIERS, rules: [] }))).toEqual([['missing_default', '/rules']]);
  });

  it('misplaced default: an empty `when` before the last rule (the rules after it are not also reported)', () => {
    const issues = issuesOf(
      doc([
        { id: 'catch-all', when: {}, route: { tier: 'frontier' } },
        { id: 'r', when: { mode: ['a'] }, route: { tier: 'frontier' } },
      ]),
    );
    expect(codes(issues)).toEqual([['misplaced_default', '/rules/0/when']]);
  });

  it('duplicate ids', () => {
    const issues = issuesOf(
      doc([
        { id: 'r', when: { mode: ['a'] }, route: { tier: 'frontier' } },
        { id: 'r', when: { mode: ['b'] }, route: { tier: 'frontier' } },
      ]),
    );
    expect(codes(issues)).toEqual([['duplicate_rule_id', '/rules/1/id']]);
  });

  it('a rule an earlier one always pre-empts, on one dimension and several', () => {
    const issues = issuesOf(
      doc([
        { id: 'plan', when: { mode: ['plan', 'architect'] }, route: { tier: 'frontier' } },
        { id: 'plan-spec', when: { mode: ['plan'], task: ['spec'] }, route: { tier: 'balanced' } },
        {
          id: 'big',
          when: { mode: ['code'], inputTokens: { gte: 100_000 }, budget: { state: ['ok', 'warning'] } },
          route: { tier: 'frontier' },
        },
        {
          id: 'bigger',
          when: { mode: ['code'], inputTokens: { gte: 200_000, lt: 300_000 }, budget: { state: ['ok'] } },
          route: { tier: 'balanced' },
        },
        { id: 'code-alone', when: { mode: ['code'] }, route: { tier: 'balanced' } },
      ]),
    );
    expect(codes(issues)).toEqual([
      ['preempted_rule', '/rules/1'],
      ['preempted_rule', '/rules/3'],
    ]);
    expect(issues[0]!.message).toContain('"plan"');
  });

  it('does not flag a rule that an earlier one covers only partly', () => {
    const r = parseRoutingDocument(
      doc([
        { id: 'plan-spec', when: { mode: ['plan'], task: ['spec'] }, route: { tier: 'frontier' } },
        { id: 'plan', when: { mode: ['plan'] }, route: { tier: 'balanced' } },
        { id: 'small', when: { inputTokens: { lt: 1000 } }, route: { tier: 'balanced' } },
        { id: 'smaller-or-more', when: { inputTokens: { lt: 2000 } }, route: { tier: 'frontier' } },
      ]),
    );
    expect(r).toMatchObject({ ok: true, issues: [] });
  });

  it('a requested-model rule behind a table rule is reachable by requests that name that model (routeRequest)', () => {
    const r = parseRoutingDocument(
      doc([
        { id: 'plan', when: { mode: ['plan'] }, route: { tier: 'frontier' } },
        { id: 'plan-gpt4o', when: { mode: ['plan'], requestedModel: ['openai/gpt-4o'] }, route: { tier: 'balanced' } },
        // Only `auto` requests reach this one, and the rule above already takes every `auto` plan request.
        { id: 'plan-auto', when: { mode: ['plan'], requestedModel: ['auto'] }, route: { tier: 'balanced' } },
        // A tier alias is a choice too: reachable. An alias of no tier is routed like `auto`: pre-empted.
        { id: 'plan-alias', when: { mode: ['plan'], requestedModel: ['switchyard/frontier'] }, route: { tier: 'balanced' } },
        { id: 'plan-no-tier', when: { mode: ['plan'], requestedModel: ['switchyard/premium'] }, route: { tier: 'balanced' } },
      ]),
    );
    expect(codes(r.issues)).toEqual([
      ['preempted_rule', '/rules/2'],
      ['preempted_rule', '/rules/4'],
    ]);
  });

  it('pre-emption by budget tests: the worst state over each scope, budgets free of each other', () => {
    const tiers = new Set(['t']);
    const budget = (state: ('ok' | 'warning' | 'exceeded')[], budgets?: string[]) => ({
      budget: { state, ...(budgets ? { budgets } : {}) },
    });
    const covers = (a: object, b: object) => whenCovers(a, b, tiers);
    expect(covers(budget(['exceeded'], ['b1', 'b2']), budget(['exceeded'], ['b1']))).toBe(true);
    expect(covers(budget(['exceeded'], ['b1']), budget(['exceeded'], ['b1', 'b2']))).toBe(false);
    expect(covers(budget(['exceeded']), budget(['exceeded'], ['b1']))).toBe(true);
    expect(covers(budget(['ok']), budget(['ok'], ['b1']))).toBe(false); // another budget may be exceeded
    expect(covers(budget(['ok', 'warning'], ['b1']), budget(['ok']))).toBe(true); // all ok ⇒ b1 ok
    expect(covers(budget(['warning', 'exceeded']), budget(['exceeded'], ['b1']))).toBe(true);
    expect(covers(budget(['warning']), budget(['warning'], ['b1']))).toBe(false); // b1 warning, b2 exceeded
    expect(covers(budget(['ok', 'warning', 'exceeded'], ['b9']), {})).toBe(true);
    expect(covers(budget(['ok', 'warning']), {})).toBe(false);
  });

  it('empty range, unknown tier, empty tier', () => {
    const issues = issuesOf(
      doc(
        [
          { id: 'r', when: { inputTokens: { gte: 500, lt: 500 } }, route: { tier: 'nope' } },
          { id: 's', when: { mode: ['a'] }, route: { tier: 'economy' } },
        ],
        { ...TIERS, economy: [] },
      ),
    );
    expect(codes(issues)).toEqual([
      ['empty_tier', '/tiers/economy'],
      ['unknown_tier', '/rules/0/route/tier'],
      ['empty_range', '/rules/0/when/inputTokens'],
    ]);
  });

  it('from what Switchyard knows: unknown model (error), unpriced model (warning), missing budget, catalog tiers, projects', () => {
    const input = doc([
      {
        id: 'r',
        when: { project: ['checkout-agent', 'ghost-project'], budget: { state: ['exceeded'], budgets: ['b-1', 'b-gone'] } },
        route: { model: 'openai/gpt-9' },
        fallbacks: ['google/gemini-2.5-flash', 'google/gemini-2.5-flash'],
      },
    ]);
    const context = {
      knownModels: ['anthropic/claude-opus-4-5', 'OpenAI/GPT-5-mini', 'google/gemini-2.5-flash'],
      pricedModels: ['anthropic/claude-opus-4-5', 'openai/gpt-5-mini'],
      budgetIds: ['b-1'],
      tiersInCatalog: ['frontier'],
      projects: ['checkout-agent'],
    };
    const r = parseRoutingDocument(input, context);
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['tier_not_in_catalog', '/tiers/balanced', 'warning'],
      ['unpriced_model', '/tiers/balanced/1', 'warning'],
      ['unknown_model', '/rules/0/route/model', 'error'],
      ['unpriced_model', '/rules/0/fallbacks/0', 'warning'],
      ['unpriced_model', '/rules/0/fallbacks/1', 'warning'],
      ['duplicate_model', '/rules/0/fallbacks/1', 'warning'],
      ['unknown_budget', '/rules/0/when/budget/budgets/1', 'error'],
      ['unknown_project', '/rules/0/when/project/1', 'warning'],
    ]);
    // Without the context those checks are skipped; warnings alone never refuse a save.
    expect(parseRoutingDocument(input)).toMatchObject({ ok: true });
    const warningsOnly = parseRoutingDocument(DEMO_ROUTING_V2 as RoutingDocumentInput, { pricedModels: [] });
    expect(warningsOnly.ok).toBe(true);
    expect(warningsOnly.issues.length).toBeGreaterThan(0);
  });

  it('every code has a severity and a meaning, and the JSON pointer escapes ~ and /', () => {
    for (const v of Object.values(ROUTING_ISSUES)) expect(v.meaning.length).toBeGreaterThan(0);
    const issues = issuesOf(doc([{ id: 'r', when: { tags: { 'a/b~c': ['x*'] } }, route: { tier: 'frontier' } }]));
    expect(codes(issues)).toEqual([['literal_pattern', '/rules/0/when/tags/a~1b~0c/0']]);
  });
});
