/**
 * An earlier routing-table version as a savings baseline: the one evaluator (lib/routing) with the gateway's
 * reading of a request (routeRequest), bound to "every budget ok". A request that version passes through
 * unrouted keeps its served model.
 */
import type { RoutingDocument } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { routeRequest } from '@/lib/routing/route-request';
import { modelRefOf } from '@/lib/simulation/options';
import type { ModelRef, Router } from '@/lib/simulation/types';

export function versionRouter(document: RoutingDocument, version: number): Router {
  const compiled = compileRoutingDocument(document, { version });
  return (f) => {
    const outcome = routeRequest(compiled, {
      mode: f.mode ?? undefined,
      task: f.task ?? undefined,
      project: f.project ?? undefined,
      user: f.user ?? undefined,
      tags: f.tags,
      requestedModel: f.requestedModel ?? undefined,
      inputTokens: f.inputTokens,
      budgets: undefined,
    });
    if (outcome.action === 'pass_through' || !outcome.model.includes('/')) return null;
    const target = modelRefOf(outcome.model);
    return {
      ruleId: outcome.routing?.ruleId ?? null,
      tier: outcome.routing?.tier ?? null,
      provider: target.provider,
      model: target.model,
      fallbacks: outcome.fallbacks.filter((m) => m.includes('/')).map(modelRefOf),
    };
  };
}

/** Every model a document can route to (its tiers and rule targets), for the report's price slices. */
export function documentModels(document: RoutingDocument): ModelRef[] {
  const ids = new Set<string>(Object.values(document.tiers).flat());
  for (const rule of document.rules) {
    if ('model' in rule.route) ids.add(rule.route.model);
    for (const f of rule.fallbacks ?? []) ids.add(f);
  }
  return [...ids].filter((m) => m.includes('/')).map(modelRefOf);
}
