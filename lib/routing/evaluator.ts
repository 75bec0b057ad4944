/**
 * The one routing evaluator: request features + a compiled document (budget states ride on the features)
 * → the decision. Compiled once per document version; a decision then allocates one small object and walks
 * only the rules that can match the request's indexed value (usually its mode).
 * Callers with a real request use routeRequest (lib/routing/route-request.ts), which adds the gateway's
 * requested-model semantics on top of these first-match primitives.
 */
import { isEmptyWhen, type ReasoningEffort, type RoutingDocument, type RoutingRule, SET_TESTS, type SetTest } from './document';
import { type NormalizedFeatures, normalizeFeatures, type RequestFeatures } from './features';
import { issue, jsonPointer, type RoutingIssue, RoutingDocumentError } from './issues';
import { type CompiledTest, compileWhen, type TestName } from './rule-tests';

export interface RoutingDecision {
  ruleId: string;
  version: number;
  /** The tier the rule routes to; null when it names a model. */
  tier: string | null;
  model: string;
  /** In order; never contains `model` or a repeat. */
  fallbacks: readonly string[];
  reasoningEffort?: ReasoningEffort;
}

export interface TestTrace {
  test: TestName;
  /** The tag key, for `tag` tests. */
  key?: string;
  held: boolean;
  detail: string;
}

export interface RuleTrace {
  ruleId: string;
  matched: boolean;
  tests: TestTrace[];
}

export interface ExplainedDecision extends RoutingDecision {
  /** Every rule tried, in order, up to and including the one that decided. */
  trace: RuleTrace[];
}

export interface CompiledRoutingDocument {
  readonly version: number;
  readonly document: RoutingDocument;
  /** Tier → ordered models, as the document defines them. */
  readonly tiers: ReadonlyMap<string, readonly string[]>;
  /** First match over every rule. Returns the rule's own frozen decision (equal requests, identical object). */
  evaluate(features: RequestFeatures): RoutingDecision;
  /** The same decision, with the trace of which tests held. */
  explain(features: RequestFeatures): ExplainedDecision;
  /** First match over only the rules that test `requestedModel`; null when none matches. */
  evaluateRequestedModelRules(features: RequestFeatures): RoutingDecision | null;
  explainRequestedModelRules(features: RequestFeatures): { decision: RoutingDecision | null; trace: RuleTrace[] };
}

interface CompiledRule {
  id: string;
  tests: CompiledTest[];
  /** All tests but the one the index already decided. */
  rest: (n: NormalizedFeatures) => boolean;
  decision: RoutingDecision;
}

interface RuleSet {
  evaluate(n: NormalizedFeatures): CompiledRule | null;
  explain(n: NormalizedFeatures): { rule: CompiledRule | null; trace: RuleTrace[] };
}

/** Throws RoutingDocumentError when the document cannot be evaluated (no default, an empty tier, a route to a missing one). */
export function compileRoutingDocument(document: RoutingDocument, options: { version: number }): CompiledRoutingDocument {
  const tiers = new Map(Object.entries(document.tiers).map(([t, models]) => [t, Object.freeze([...models])] as const));
  assertEvaluable(document, tiers);
  const { version } = options;
  const rules = document.rules.map((rule) => compileRule(rule, version, tiers));
  const all = ruleSet(document.rules, rules);
  const explicitIdx = document.rules.flatMap((r, i) => (r.when.requestedModel !== undefined ? [i] : []));
  const explicit = ruleSet(
    explicitIdx.map((i) => document.rules[i]!),
    explicitIdx.map((i) => rules[i]!),
  );
  return {
    version,
    document,
    tiers,
    evaluate: (f) => all.evaluate(normalizeFeatures(f))!.decision,
    explain: (f) => {
      const { rule, trace } = all.explain(normalizeFeatures(f));
      return { ...rule!.decision, trace };
    },
    evaluateRequestedModelRules: (f) => explicit.evaluate(normalizeFeatures(f))?.decision ?? null,
    explainRequestedModelRules: (f) => {
      const { rule, trace } = explicit.explain(normalizeFeatures(f));
      return { decision: rule?.decision ?? null, trace };
    },
  };
}

function assertEvaluable(document: RoutingDocument, tiers: ReadonlyMap<string, readonly string[]>): void {
  const problems: RoutingIssue[] = [];
  const last = document.rules.at(-1);
  if (last === undefined || !isEmptyWhen(last.when)) {
    problems.push(issue('missing_default', '/rules', 'The last rule must be the default: an empty `when`.'));
  }
  for (const [tier, models] of tiers) {
    if (models.length === 0) problems.push(issue('empty_tier', jsonPointer(['tiers', tier]), `Tier "${tier}" lists no model.`));
  }
  document.rules.forEach((rule, i) => {
    if ('tier' in rule.route && !tiers.has(rule.route.tier)) {
      problems.push(issue('unknown_tier', jsonPointer(['rules', i, 'route', 'tier']), `No tier "${rule.route.tier}" in this document.`));
    }
  });
  if (problems.length > 0) throw new RoutingDocumentError(problems);
}

function compileRule(rule: RoutingRule, version: number, tiers: ReadonlyMap<string, readonly string[]>): CompiledRule {
  const tests = compileWhen(rule.when);
  return { id: rule.id, tests, rest: allOf(tests), decision: decisionOf(rule, version, tiers) };
}

/**
 * What a rule decides, frozen: a tier route serves the tier's first model, then its other models, then the rule's
 * own fallbacks (repeats and the served model dropped); a model route serves that model, then the fallbacks.
 */
export function decisionOf(rule: RoutingRule, version: number, tiers: ReadonlyMap<string, readonly string[]>): RoutingDecision {
  const routed = 'tier' in rule.route ? tiers.get(rule.route.tier)! : [rule.route.model];
  const model = routed[0]!;
  const fallbacks = [...new Set([...routed.slice(1), ...(rule.fallbacks ?? [])])].filter((m) => m !== model);
  return Object.freeze({
    ruleId: rule.id,
    version,
    tier: 'tier' in rule.route ? rule.route.tier : null,
    model,
    fallbacks: Object.freeze(fallbacks),
    ...(rule.reasoningEffort ? { reasoningEffort: rule.reasoningEffort } : {}),
  });
}

function allOf(tests: readonly CompiledTest[]): (n: NormalizedFeatures) => boolean {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!.holds;
  const holds = tests.map((t) => t.holds);
  return (n) => {
    for (const h of holds) if (!h(n)) return false;
    return true;
  };
}

/**
 * Rules in order, indexed by the set test most of them use: for each value, the rules that test it with
 * that value or do not test it at all (order kept), so a request only meets rules its value can satisfy.
 */
function ruleSet(source: readonly RoutingRule[], rules: readonly CompiledRule[]): RuleSet {
  const dim = indexDimension(source);
  let byValue = new Map<string, CompiledRule[]>();
  let wildcard: readonly CompiledRule[] = rules;
  if (dim !== null) {
    const values = new Set(source.flatMap((r) => r.when[dim] ?? []));
    byValue = new Map([...values].map((v) => [v, [] as CompiledRule[]]));
    const others: CompiledRule[] = [];
    source.forEach((r, i) => {
      const tested = r.when[dim];
      const rest = allOf(rules[i]!.tests.filter((t) => t.test !== dim));
      const entry = { ...rules[i]!, rest };
      if (tested === undefined) {
        others.push(rules[i]!);
        for (const list of byValue.values()) list.push(rules[i]!);
      } else {
        for (const v of new Set(tested)) byValue.get(v)!.push(entry);
      }
    });
    wildcard = others;
  }
  const evaluate = (n: NormalizedFeatures): CompiledRule | null => {
    const v = dim === null ? undefined : n[dim];
    const candidates = v === undefined ? wildcard : (byValue.get(v) ?? wildcard);
    for (const r of candidates) if (r.rest(n)) return r;
    return null;
  };
  const explain = (n: NormalizedFeatures) => {
    const trace: RuleTrace[] = [];
    for (const r of rules) {
      const tests = r.tests.map((t): TestTrace => {
        const held = t.holds(n);
        const detail = t.detail(n, held);
        return t.key === undefined ? { test: t.test, held, detail } : { test: t.test, key: t.key, held, detail };
      });
      const matched = tests.every((t) => t.held);
      trace.push({ ruleId: r.id, matched, tests });
      if (matched) return { rule: r, trace };
    }
    return { rule: null, trace };
  };
  return { evaluate, explain };
}

/** The set test used by the most rules (at least two), or null. */
function indexDimension(rules: readonly RoutingRule[]): SetTest | null {
  let best: SetTest | null = null;
  let bestCount = 1;
  for (const dim of SET_TESTS) {
    const count = rules.filter((r) => r.when[dim] !== undefined).length;
    if (count > bestCount) [best, bestCount] = [dim, count];
  }
  return best;
}
