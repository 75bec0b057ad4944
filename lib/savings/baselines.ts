/**
 * What savings are measured against (DESIGN.md "Savings"): always a named baseline. Each baseline says,
 * for a group of recorded requests, which model would have served them — or that the baseline does not
 * cover them (a request that asked for `auto` has no "requested model" to compare with).
 */
import { AppError } from '@/lib/errors';
import { type GroupingPlan, modelKey } from '@/lib/simulation/group';
import { featuresOf } from '@/lib/simulation/replay';
import type { GroupPricer } from '@/lib/simulation/price-group';
import type { ModelRef, ReplayRow, RouteChoice, Router } from '@/lib/simulation/types';

export type Baseline =
  /** The model the caller asked for, where it named one (not `auto`, not a `switchyard/<tier>` alias). */
  | { kind: 'requested'; notModels?: readonly string[] }
  /** One model for everything. */
  | { kind: 'pinned'; model: ModelRef }
  /** An earlier routing-table version, replayed with the one evaluator. */
  | { kind: 'version'; version: number; router: Router }
  /** All traffic on one tier: its primary model (the first listed). */
  | { kind: 'tier'; tier: string; models: readonly ModelRef[] };

export type BaselineKind = Baseline['kind'];

export interface BaselineInfo {
  kind: BaselineKind;
  /** Shown beside every number: "savings against …". */
  label: string;
  model: string | null;
  version: number | null;
  tier: string | null;
}

export function describeBaseline(b: Baseline): BaselineInfo {
  switch (b.kind) {
    case 'requested':
      return { kind: b.kind, label: 'the model each caller requested', model: null, version: null, tier: null };
    case 'pinned':
      return { kind: b.kind, label: `everything on ${modelKey(b.model)}`, model: modelKey(b.model), version: null, tier: null };
    case 'version':
      return { kind: b.kind, label: `routing table version ${b.version}, replayed`, model: null, version: b.version, tier: null };
    case 'tier': {
      const primary = b.models[0] ? modelKey(b.models[0]) : null;
      return {
        kind: b.kind,
        label: `all traffic on the ${b.tier} tier (${primary ?? 'no model'})`,
        model: primary,
        version: null,
        tier: b.tier,
      };
    }
  }
}

/** Not covered by the baseline: left out of both sides, counted. */
export const NOT_COVERED = Symbol('not covered');
export type BaselineDecision = RouteChoice | null | typeof NOT_COVERED;

/**
 * A requested model that names a concrete model, as a ModelRef: `provider/model` as written, a bare name on
 * the served model's provider. Null for `auto`, empty, `switchyard/<tier>` and the given non-model values.
 */
export function concreteRequestedModel(requested: string | null, served: ModelRef, notModels: readonly string[] = []): ModelRef | null {
  const r = requested?.trim() ?? '';
  const lower = r.toLowerCase();
  if (lower === '' || lower === 'auto' || lower.startsWith('switchyard/') || notModels.some((n) => n.toLowerCase() === lower)) return null;
  const slash = r.indexOf('/');
  return slash > 0 ? { provider: r.slice(0, slash).toLowerCase(), model: r.slice(slash + 1) } : { provider: served.provider, model: r };
}

const fixed = (m: ModelRef, tier: string | null): RouteChoice => ({ ruleId: null, tier, provider: m.provider, model: m.model });

/** A pinned model or a tier's primary must have a price somewhere in the period: unpriced is never $0. */
function assertPricedSomewhere(model: ModelRef, plan: GroupingPlan, prices: GroupPricer): void {
  for (let slice = 1; slice < plan.timeBounds.length; slice++) if (prices.isPriced(model, slice)) return;
  throw new AppError('bad_request:savings', `${modelKey(model)} has no price in this period, so savings against it cannot be computed.`, {
    fields: { baseline: [`${modelKey(model)} is unpriced: add its price in Settings → Models.`] },
  });
}

/** The per-row decision of a baseline; throws `bad_request:savings` for a baseline that cannot be priced. */
export function baselineDecider(b: Baseline, plan: GroupingPlan, prices: GroupPricer): (row: ReplayRow) => BaselineDecision {
  switch (b.kind) {
    case 'requested':
      return (row) => {
        const m = concreteRequestedModel(row.requestedModel, row, b.notModels);
        return m ? fixed(m, null) : NOT_COVERED;
      };
    case 'pinned': {
      assertPricedSomewhere(b.model, plan, prices);
      const choice = fixed(b.model, null);
      return () => choice;
    }
    case 'tier': {
      const primary = b.models[0];
      if (!primary)
        throw new AppError('bad_request:savings', `The ${b.tier} tier has no model.`, {
          fields: { baseline: ['Choose a tier with a model.'] },
        });
      assertPricedSomewhere(primary, plan, prices);
      const choice = fixed(primary, b.tier);
      return () => choice;
    }
    case 'version':
      return (row) => b.router(featuresOf(row, plan));
  }
}
