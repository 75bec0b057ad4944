/**
 * What the gateway will do with one request, before any upstream call: the route (routeRequest, the one
 * evaluator), the budgets it matches and their action (budgetsForRequest), and the models it can reach through the
 * request's API, in order.
 *
 * Budgets are matched twice, because a scope may name a model, provider or tier that only the route decides: first
 * on the request alone (what the evaluator's `when.budget` sees), then with the routed model; when that finds a
 * different worst state the request is routed once more with it. Block beats downgrade (lib's enforcement); a
 * downgrade sends the request to the named tier's models unless the route is already that cheap or cheaper.
 *
 * A model the request's API cannot reach (a /v1/messages request routed to an OpenAI model) is skipped for the next
 * model of the route; the gateway never translates between APIs. Skipped models are named in the event's
 * `gateway.skipped` tag and in x-switchyard-route.
 */
import type { BudgetState } from '@/lib/budgets/state';
import type { RequestBudgets, ScopeFeatures } from '@/lib/budgets/scope';
import type { Pricer } from '@/lib/pricing/pricer';
import type { CompiledRoutingDocument } from '@/lib/routing/evaluator';
import { TIER_ALIAS_PREFIX } from '@/lib/routing/features';
import { type RouteOutcome, type RoutingStamp, routeRequest } from '@/lib/routing/route-request';
import { type BudgetBook, statesOf } from './budgets';
import type { ApiKind } from './config';
import type { RequestContext } from './features';
import type { ProviderTable, Target } from './providers';
import { tierOfModel } from './routing';

export interface RequestInput {
  api: ApiKind;
  ctx: RequestContext;
  project: string | undefined;
  /** As the body gave it; 'auto' when it gave none. */
  requestedModel: string;
  inputTokens: number;
}

export type Plan =
  | {
      kind: 'route';
      action: RouteOutcome['action'];
      chain: Target[];
      skipped: string[];
      routing: RoutingStamp | null;
      reasoningEffort: RouteOutcome['reasoningEffort'];
      /** Budget ids that downgraded the route. */
      downgradedBy: string[] | null;
      /** Ids of the budgets the served model matches (where the request's spend is reserved). */
      budgetIds: string[];
    }
  | { kind: 'blocked'; budgets: { id: string; name: string; percentTenths: number }[] }
  | { kind: 'refused'; status: number; code: 'no_route' | 'no_routing_document'; message: string };

export interface PlanDeps {
  routing: CompiledRoutingDocument | null;
  budgets: BudgetBook;
  providers: ProviderTable;
  pricer: Pricer;
}

export function planRequest(input: RequestInput, deps: PlanDeps): Plan {
  const { ctx } = input;
  const compiled = deps.routing;
  const useBudgets = deps.budgets.count > 0;
  const base: ScopeFeatures = { mode: ctx.mode, task: ctx.task, user: ctx.user, tags: ctx.tags ?? null };
  const first = useBudgets ? deps.budgets.forRequest(base) : null;

  const requested = input.requestedModel.trim().toLowerCase();
  if (!compiled && (requested === 'auto' || requested === '' || requested.startsWith(TIER_ALIAS_PREFIX))) {
    return {
      kind: 'refused',
      status: 503,
      code: 'no_routing_document',
      message:
        'The gateway has no routing document yet (Switchyard has published none, or is unreachable and none is on disk), ' +
        `so "${input.requestedModel}" cannot be routed; name a model to pass through.`,
    };
  }

  const route = (states: Record<string, BudgetState> | undefined) => {
    const outcome = compiled ? routeRequest(compiled, featuresOf(input, states)) : passThrough(input.requestedModel);
    return { outcome, ...reachable(outcome, input.api, deps.providers) };
  };
  let r = route(first ? statesOf(first) : undefined);
  let matched: RequestBudgets | null = null;
  if (useBudgets && r.chain.length > 0) {
    matched = deps.budgets.forRequest(scopeOf(base, r.chain[0]!, r.outcome.routing?.tier ?? null, compiled, deps.pricer));
    if (compiled && matched.worst !== first!.worst) {
      r = route(statesOf(matched));
      if (r.chain.length > 0)
        matched = deps.budgets.forRequest(scopeOf(base, r.chain[0]!, r.outcome.routing?.tier ?? null, compiled, deps.pricer));
    }
  }
  if (r.chain.length === 0) return noRoute(r.skipped, input.api);

  let routing = r.outcome.routing;
  let downgradedBy: string[] | null = null;
  if (matched?.enforcement.kind === 'block') return blocked(matched, matched.enforcement.budgetIds);
  if (matched?.enforcement.kind === 'downgrade' && compiled) {
    const { tier, budgetIds } = matched.enforcement;
    const models = compiled.tiers.get(tier);
    const current = routing?.tier ?? tierOfModel(compiled, r.chain[0]!.id);
    const order = deps.budgets.tierOrder;
    const alreadyCheaper =
      current !== null && order.includes(current) && order.includes(tier) && order.indexOf(current) >= order.indexOf(tier);
    if (models && models.length > 0 && !alreadyCheaper) {
      const down = reachable({ model: models[0]!, fallbacks: models.slice(1) }, input.api, deps.providers);
      if (down.chain.length > 0) {
        r = { ...r, chain: down.chain, skipped: [...r.skipped, ...down.skipped] };
        routing = { ruleId: routing?.ruleId ?? null, version: compiled.version, tier };
        downgradedBy = budgetIds;
        matched = deps.budgets.forRequest(scopeOf(base, r.chain[0]!, tier, compiled, deps.pricer));
        if (matched.enforcement.kind === 'block') return blocked(matched, matched.enforcement.budgetIds);
      }
    }
  }
  return {
    kind: 'route',
    action: r.outcome.action,
    chain: r.chain,
    skipped: r.skipped,
    routing,
    // The rule chose the effort for its own models; a downgraded tier's may not take the parameter at all.
    reasoningEffort: downgradedBy ? undefined : r.outcome.reasoningEffort,
    downgradedBy,
    budgetIds: matched ? matched.budgets.map((b) => b.id) : [],
  };
}

function featuresOf(input: RequestInput, budgets: Record<string, BudgetState> | undefined) {
  // One literal with every key (lib/routing/features.ts: monomorphic reads on the hot path).
  return {
    mode: input.ctx.mode,
    task: input.ctx.task,
    project: input.project,
    user: input.ctx.user,
    tags: input.ctx.tags,
    requestedModel: input.requestedModel,
    inputTokens: input.inputTokens,
    budgets,
  };
}

function passThrough(model: string): RouteOutcome {
  return { action: 'pass_through', requestKind: 'model', model, fallbacks: [], reasoningEffort: undefined, routing: null, decision: null };
}

function reachable(
  outcome: Pick<RouteOutcome, 'model' | 'fallbacks'> & { action?: RouteOutcome['action'] },
  api: ApiKind,
  providers: ProviderTable,
) {
  const chain: Target[] = [];
  const skipped: string[] = [];
  const ids = [outcome.model, ...outcome.fallbacks];
  for (const id of ids) {
    const res = outcome.action === 'pass_through' ? providers.resolvePassThrough(id, api) : providers.resolveRouted(id, api);
    if (!res.ok)
      skipped.push(
        `${res.id} (${res.reason === 'api' ? `no /v1/${api === 'chat' ? 'chat/completions' : 'messages'}` : 'provider not configured'})`,
      );
    else if (!chain.some((t) => t.id === res.target.id)) chain.push(res.target);
  }
  return { chain, skipped };
}

function scopeOf(
  base: ScopeFeatures,
  target: Target,
  tier: string | null,
  compiled: CompiledRoutingDocument | null,
  pricer: Pricer,
): ScopeFeatures {
  const t = tier ?? (compiled ? tierOfModel(compiled, target.id) : null) ?? pricer.tierOf(target.provider.name, target.model);
  return { ...base, provider: target.provider.name, model: target.model, tier: t };
}

function blocked(matched: RequestBudgets, ids: string[]): Plan {
  return {
    kind: 'blocked',
    budgets: matched.budgets.filter((b) => ids.includes(b.id)).map((b) => ({ id: b.id, name: b.name, percentTenths: b.percentTenths })),
  };
}

function noRoute(skipped: string[], api: ApiKind): Plan {
  const apiOnly = skipped.length > 0 && skipped.every((s) => s.includes('(no /v1/'));
  const path = api === 'chat' ? '/v1/chat/completions' : '/v1/messages';
  return {
    kind: 'refused',
    status: apiOnly ? 400 : 502,
    code: 'no_route',
    message: apiOnly
      ? `None of the route's models is reachable through ${path} (${skipped.join(', ')}); ` +
        'the gateway does not translate between APIs — send it to /v1/chat/completions.'
      : `No configured provider serves the route's models (${skipped.join(', ')}).`,
  };
}
