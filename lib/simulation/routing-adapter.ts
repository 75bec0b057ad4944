/**
 * The one evaluator (lib/routing) behind the replay's `Router`, and what the grouping must know of a
 * routing document (`CandidateShape`), read from the document itself (ADR 0008, ADR 0012).
 */
import type { BudgetState, RoutingDocument } from '@/lib/routing/document';
import { compileRoutingDocument, type CompiledRoutingDocument } from '@/lib/routing/evaluator';
import { routeRequest } from '@/lib/routing/route-request';
import { isAutoRequest, overrideRuleId } from './frontier';
import type { CandidateShape, ModelRef, Router } from './types';

export function splitModelId(id: string): ModelRef {
  const slash = id.indexOf('/');
  return { provider: id.slice(0, slash).toLowerCase(), model: id.slice(slash + 1) };
}

/** A compiled document bound to a fixed budget state (default: every budget ok). */
export function routerFor(compiled: CompiledRoutingDocument, budgets: Readonly<Record<string, BudgetState>> = {}): Router {
  return (f) => {
    const o = routeRequest(compiled, {
      mode: f.mode ?? undefined,
      task: f.task ?? undefined,
      project: f.project ?? undefined,
      user: f.user ?? undefined,
      tags: f.tags,
      requestedModel: f.requestedModel ?? undefined,
      inputTokens: f.inputTokens,
      budgets,
    });
    if (o.action === 'pass_through') return null;
    return { ruleId: o.routing!.ruleId, tier: o.routing!.tier, ...splitModelId(o.model), fallbacks: o.fallbacks.map(splitModelId) };
  };
}

export function routerForDocument(document: RoutingDocument, version = 0): Router {
  return routerFor(compileRoutingDocument(document, { version }));
}

/** Every model the document can route to, its rules' input ranges, and the optional features its rules test. */
export function candidateShapeOf(document: RoutingDocument): CandidateShape {
  const models = new Map<string, ModelRef>();
  const add = (id: string) => models.set(id.toLowerCase(), splitModelId(id));
  for (const list of Object.values(document.tiers)) list.forEach(add);
  const tagKeys = new Set<string>();
  let project = false;
  let user = false;
  const inputTokenRanges: { min?: number | null; max?: number | null }[] = [];
  for (const rule of document.rules) {
    if ('model' in rule.route) add(rule.route.model);
    (rule.fallbacks ?? []).forEach(add);
    if (rule.when.project) project = true;
    if (rule.when.user) user = true;
    for (const key of Object.keys(rule.when.tags ?? {})) tagKeys.add(key);
    const r = rule.when.inputTokens;
    if (r) inputTokenRanges.push({ min: r.gte ?? null, max: r.lt ?? null });
  }
  return { models: [...models.values()], inputTokenRanges, halfOpen: true, tests: { project, user, tagKeys: [...tagKeys].sort() } };
}

/** Tier → its models, as the frontier's overrides need them. */
export function tierModelsOf(document: RoutingDocument): Record<string, ModelRef[]> {
  return Object.fromEntries(Object.entries(document.tiers).map(([tier, ids]) => [tier, ids.map(splitModelId)]));
}

/**
 * The base router with every mode's routed traffic sent to one tier: on any traffic, the same decisions as
 * `modeOverrideRouter(base, everyModeTo(baseResult, tier), tiers)`, without knowing the modes in advance (so
 * the frontier's replays run in the same pass over the rows as the candidate's).
 */
export function everyModeToTierRouter(base: Router, tier: string, tiers: Readonly<Record<string, readonly ModelRef[]>>): Router {
  const [primary, ...fallbacks] = tiers[tier] ?? [];
  if (!primary) throw new RangeError(`everyModeToTierRouter: tier "${tier}" has no model`);
  return (features) => {
    const decision = base(features);
    if (decision === null || features.mode === null || !isAutoRequest(features.requestedModel)) return decision;
    return { ruleId: overrideRuleId(features.mode), tier, provider: primary.provider, model: primary.model, fallbacks };
  };
}
