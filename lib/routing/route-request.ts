/**
 * The gateway's reading of a request, written once (the gateway, the simulator, the editor's preview and the
 * session advice all call it):
 * - `auto` (or no model, or an alias naming no tier of the document): the whole table decides, first match wins;
 * - `switchyard/<tier>`: only rules that test `requestedModel` may decide; otherwise that tier's models serve;
 * - any other model name: only rules that test `requestedModel` may decide; otherwise it passes through unchanged.
 * A caller that names a model or a tier made a choice; the table overrides it only where a rule says so.
 */
import type { ReasoningEffort } from './document';
import type { CompiledRoutingDocument, RoutingDecision, RuleTrace } from './evaluator';
import { AUTO_MODEL, type RequestFeatures, type RequestKind, requestKindOf, TIER_ALIAS_PREFIX } from './features';

/** What the usage event records in `routing` (rule_id, version, tier). */
export interface RoutingStamp {
  ruleId: string | null;
  version: number;
  tier: string | null;
}

export interface RouteOutcome {
  /** rule: a rule decided; tier_alias: the requested tier served, no rule; pass_through: the requested model, untouched. */
  action: 'rule' | 'tier_alias' | 'pass_through';
  requestKind: RequestKind;
  /** The model to call first, then the fallbacks in order. A passed-through model is as the caller spelled it. */
  model: string;
  fallbacks: readonly string[];
  /** Undefined when the rule sets none. */
  reasoningEffort: ReasoningEffort | undefined;
  /** Null when the request passed through (no router decided). */
  routing: RoutingStamp | null;
  /** The rule's decision when action is `rule`. */
  decision: RoutingDecision | null;
}

export interface ExplainedRouteOutcome extends RouteOutcome {
  /** The rules tried, in order (for a named model or tier, only those that test `requestedModel`). */
  trace: RuleTrace[];
}

export function routeRequest(compiled: CompiledRoutingDocument, features: RequestFeatures): RouteOutcome;
export function routeRequest(
  compiled: CompiledRoutingDocument,
  features: RequestFeatures,
  options: { explain: true },
): ExplainedRouteOutcome;
export function routeRequest(
  compiled: CompiledRoutingDocument,
  features: RequestFeatures,
  options?: { explain?: boolean },
): RouteOutcome | ExplainedRouteOutcome {
  const raw = features.requestedModel?.trim() ?? '';
  const requested = raw === '' ? AUTO_MODEL : raw.toLowerCase();
  const kind = requestKindOf(requested, compiled.tiers);
  const explain = options?.explain === true;
  if (kind === 'auto') {
    if (!explain) return ruleOutcome(compiled.evaluate(features), kind);
    const { trace, ...decision } = compiled.explain(features);
    return { ...ruleOutcome(decision, kind), trace };
  }
  let decision: RoutingDecision | null;
  let trace: RuleTrace[] | undefined;
  if (explain) ({ decision, trace } = compiled.explainRequestedModelRules(features));
  else decision = compiled.evaluateRequestedModelRules(features);
  const outcome: RouteOutcome =
    decision !== null
      ? ruleOutcome(decision, kind)
      : kind === 'tier'
        ? tierOutcome(compiled, requested.slice(TIER_ALIAS_PREFIX.length))
        : {
            action: 'pass_through',
            requestKind: kind,
            model: raw,
            fallbacks: [],
            reasoningEffort: undefined,
            routing: null,
            decision: null,
          };
  return trace === undefined ? outcome : { ...outcome, trace };
}

// One literal shape for every outcome (no spreads): callers' reads of it stay monomorphic and cheap.
function ruleOutcome(decision: RoutingDecision, requestKind: RequestKind): RouteOutcome {
  return {
    action: 'rule',
    requestKind,
    model: decision.model,
    fallbacks: decision.fallbacks,
    reasoningEffort: decision.reasoningEffort,
    routing: { ruleId: decision.ruleId, version: decision.version, tier: decision.tier },
    decision,
  };
}

function tierOutcome(compiled: CompiledRoutingDocument, tier: string): RouteOutcome {
  const models = compiled.tiers.get(tier)!;
  return {
    action: 'tier_alias',
    requestKind: 'tier',
    model: models[0]!,
    fallbacks: models.slice(1).filter((m, i, all) => m !== models[0] && all.indexOf(m) === i),
    reasoningEffort: undefined,
    routing: { ruleId: null, version: compiled.version, tier },
    decision: null,
  };
}
