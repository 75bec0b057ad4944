import { describe, expect, it } from 'vitest';
import {
  addRule,
  documentText,
  freshRuleId,
  moveRule,
  parseTagLines,
  readDraftText,
  removeRule,
  renameTier,
  splitList,
  tagLines,
} from '@/lib/routing/editing';
import { DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { jsonLocations, spanOfPointer } from '@/lib/routing/json-locations';
import { parseRoutingDocument } from '@/lib/routing/parse';

const ids = (d: { rules: { id: string }[] }) => d.rules.map((r) => r.id);

describe('form editing operations', () => {
  it('moves, removes and adds rules, keeping the default last on add', () => {
    const d = DEMO_ROUTING_V2;
    expect(ids(d)).toEqual(['deep-work', 'code', 'ask', 'default']);
    expect(ids(moveRule(d, 2, 0))).toEqual(['ask', 'deep-work', 'code', 'default']);
    expect(ids(moveRule(d, 0, 99))).toEqual(['code', 'ask', 'default', 'deep-work']);
    expect(moveRule(d, 5, 0)).toBe(d);
    expect(ids(removeRule(d, 1))).toEqual(['deep-work', 'ask', 'default']);
    const added = addRule(d);
    expect(added.index).toBe(3);
    expect(ids(added.doc)).toEqual(['deep-work', 'code', 'ask', 'rule', 'default']);
    expect(freshRuleId(added.doc)).toBe('rule-2');
    // The new rule tests mode code, which the rule "code" above it already takes: validation says so.
    expect(parseRoutingDocument(documentText(added.doc)).issues.map((i) => [i.code, i.path])).toEqual([['preempted_rule', '/rules/3']]);
  });

  it('renames a tier and the routes that name it', () => {
    const d = renameTier(DEMO_ROUTING_V2, 'balanced', 'mid');
    expect(Object.keys(d.tiers)).toEqual(['frontier', 'mid', 'economy']);
    expect(d.rules.find((r) => r.id === 'code')!.route).toEqual({ tier: 'mid' });
    expect(renameTier(DEMO_ROUTING_V2, 'balanced', 'frontier')).toBe(DEMO_ROUTING_V2);
  });

  it('reads lists and tag lines', () => {
    expect(splitList(' a, b,, c ')).toEqual(['a', 'b', 'c']);
    const tags = parseTagLines('team=search, web\nbad line\nenv = prod\nempty=');
    expect(tags).toEqual({ team: ['search', 'web'], env: ['prod'] });
    expect(parseTagLines(tagLines(tags))).toEqual(tags);
  });

  it('reads draft text only when the form can show it', () => {
    expect(readDraftText(documentText(DEMO_ROUTING_V2))).toEqual(DEMO_ROUTING_V2);
    expect(readDraftText('{')).toBeNull();
    expect(readDraftText('{"tiers": [], "rules": []}')).toBeNull();
    expect(readDraftText('{"tiers": {}, "rules": [1]}')).toBeNull();
  });
});

describe('jsonLocations', () => {
  it('maps the pointer of each issue to its place in the text', () => {
    const doc = structuredClone(DEMO_ROUTING_V2) as unknown as { rules: Record<string, unknown>[] };
    doc.rules[1]!.colour = 'red';
    const text = JSON.stringify(doc, null, 2);
    const result = parseRoutingDocument(text);
    expect(result.ok).toBe(false);
    const unknown = result.issues.find((i) => i.code === 'unknown_field')!;
    expect(unknown.path).toBe('/rules/1/colour');
    const span = spanOfPointer(jsonLocations(text), unknown.path, text.length);
    expect(text.slice(span.from, span.to)).toBe('"colour": "red"');
  });

  it('falls back to the nearest ancestor, and to the whole text', () => {
    const text = '{"tiers": {"a": []}, "rules": [{"id": "x", "when": {}}]}';
    const loc = jsonLocations(text);
    expect(text.slice(loc.get('/tiers/a')!.from, loc.get('/tiers/a')!.to)).toBe('[]');
    const missing = spanOfPointer(loc, '/rules/0/route', text.length);
    expect(text.slice(missing.from, missing.to)).toBe('{"id": "x", "when": {}}');
    expect(spanOfPointer(loc, '/nothing/here', text.length)).toEqual({ from: 0, to: text.length });
    expect(text.slice(loc.get('/rules/0/id')!.from, loc.get('/rules/0/id')!.to)).toBe('"x"');
  });

  it('keeps what it read before a syntax error, and reads escaped keys', () => {
    const loc = jsonLocations('{"a~b/c": 1, "tiers": {"x": [1, 2');
    expect(loc.get('/a~0b~1c')).toEqual({ from: 10, to: 11, keyFrom: 1 });
    expect(loc.get('/tiers/x/0')).toBeDefined();
    expect(loc.get('')).toBeUndefined();
  });
});

describe('the JSON editor diagnostics', () => {
  it('puts every issue of a save at its place, errors and warnings alike', async () => {
    const { issueDiagnostics } = await import('@/components/routing/json-editor');
    const doc = structuredClone(DEMO_ROUTING_V2) as { tiers: Record<string, string[]>; rules: { id: string }[] };
    doc.tiers.economy = [];
    doc.rules[2]!.id = 'code';
    const text = JSON.stringify(doc, null, 2);
    const result = parseRoutingDocument(text, { knownModels: Object.values(DEMO_ROUTING_V2.tiers).flat(), pricedModels: [] });
    const marked = issueDiagnostics(text, result.issues).map((d) => [d.severity, text.slice(d.from, d.to).split('\n')[0]]);
    expect(marked).toContainEqual(['error', '"economy": []']);
    expect(marked).toContainEqual(['error', '"id": "code"']);
    expect(marked).toContainEqual(['warning', '"anthropic/claude-opus-4-5"']);
    expect(issueDiagnostics('{"tiers": ', [{ code: 'invalid_json', path: '', message: 'x', severity: 'error' }])).toEqual([
      { from: 0, to: 10, severity: 'error', message: 'x (invalid_json)' },
    ]);
  });
});
