/**
 * The session view's "a cheaper tier would suffice": what the published routing table decides for a recorded
 * request, compared with the tier that served it. The table decides with the one evaluator, as if the request had
 * been routed (`auto`): a caller that named a model is exactly who the advice is for. A decision that names a model
 * takes the tier the document lists it in; a served tier not in the organisation's order gets no advice.
 */
import type { CompiledRoutingDocument } from './evaluator';
import type { RequestFeatures } from './features';

export interface TierAdvice {
  /** The cheaper tier the table routes this request to. */
  tier: string;
  ruleId: string;
  version: number;
}

/** The tier that holds `model` in the document (the first that lists it), or null. */
export function documentTierOf(compiled: CompiledRoutingDocument, model: string): string | null {
  for (const [tier, models] of compiled.tiers) if (models.includes(model)) return tier;
  return null;
}

/** `tierOrder`: most capable first (the tiers table's order). */
export function cheaperTierFor(
  compiled: CompiledRoutingDocument,
  features: RequestFeatures,
  servedTier: string,
  tierOrder: readonly string[],
): TierAdvice | null {
  const decision = compiled.evaluate({ ...features, requestedModel: undefined });
  const tier = decision.tier ?? documentTierOf(compiled, decision.model);
  if (tier === null) return null;
  const served = tierOrder.indexOf(servedTier);
  const decided = tierOrder.indexOf(tier);
  if (served < 0 || decided < 0 || decided <= served) return null;
  return { tier, ruleId: decision.ruleId, version: decision.version };
}
