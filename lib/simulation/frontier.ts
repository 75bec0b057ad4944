/**
 * Cost–quality frontier (ADR 0008). Candidates come from a base document: for each agent mode, keep the
 * base's decision or send the mode's routed traffic to one tier. Every request belongs to one mode and
 * every quality cell to one mode, so costs, placements and variances add up mode by mode: replaying the
 * base once and "every mode to tier t" once per tier gives every assignment exactly, without replaying
 * each of the (tiers + 1)^modes candidates.
 */
import {
  addQualitySums,
  type CellEstimate,
  type CellEstimates,
  emptyQualitySums,
  finishQuality,
  type Placement,
  type QualityComparison,
  type QualityMetric,
  type QualitySums,
  sumPlacements,
} from './quality';
import type { SimulationResult } from './result';
import type { ModelRef, RouteChoice, Router } from './types';

export const BASE_CHOICE = 'base';
export const DEFAULT_MAX_CANDIDATES = 5_000;

/** Mode → `base` or a tier name. Modes not listed keep the base decision. */
export type Assignment = Readonly<Record<string, string>>;

/** True for requests the whole table routes (`auto` or no model): those a rule testing only `mode` can take. */
export function isAutoRequest(requestedModel: string | null): boolean {
  const r = requestedModel?.trim().toLowerCase() ?? '';
  return r === '' || r === 'auto';
}

export const overrideRuleId = (mode: string) => `what-if-${mode}`;

/**
 * The base router with each assigned mode's traffic sent to a tier: what placing a rule
 * `{ when: { mode: [m] }, route: { tier } }` first would do. Requests that name a model or tier, and
 * requests the base lets through, are left alone, as the gateway would leave them.
 */
export function modeOverrideRouter(base: Router, assignment: Assignment, tiers: Readonly<Record<string, readonly ModelRef[]>>): Router {
  const overrides = new Map<string, RouteChoice>();
  for (const [mode, tier] of Object.entries(assignment)) {
    if (tier === BASE_CHOICE) continue;
    const [primary, ...fallbacks] = tiers[tier] ?? [];
    if (!primary) throw new RangeError(`modeOverrideRouter: tier "${tier}" has no model`);
    overrides.set(mode, { ruleId: overrideRuleId(mode), tier, provider: primary.provider, model: primary.model, fallbacks });
  }
  return (features) => {
    const decision = base(features);
    if (decision === null || features.mode === null || !isAutoRequest(features.requestedModel)) return decision;
    return overrides.get(features.mode) ?? decision;
  };
}

/** The rules a draft gets for an assignment, to place before the base document's rules. */
export function overrideRules(assignment: Assignment): { id: string; when: { mode: string[] }; route: { tier: string } }[] {
  return Object.entries(assignment)
    .filter(([, tier]) => tier !== BASE_CHOICE)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([mode, tier]) => ({ id: overrideRuleId(mode), when: { mode: [mode] }, route: { tier } }));
}

/** Every mode of the traffic (one with no mode cannot be matched by a mode rule) → `tier`. */
export function everyModeTo(base: SimulationResult, tier: string): Assignment {
  return Object.fromEntries(base.byMode.filter((m) => m.key !== null).map((m) => [m.key!, tier]));
}

export interface FrontierPoint {
  kind: 'candidate' | 'actual' | 'draft';
  /** `base`, or the changed modes: `ask=economy,code=balanced`. */
  id: string;
  assignment: Assignment;
  costMicros: number;
  unpricedRequests: number;
  /** Traffic-weighted quality over requests with evidence; null when none has. */
  quality: QualityComparison['candidate'];
  /** Estimated quality against the actual traffic's, paired (ADR 0008). */
  kept: QualityComparison['paired'];
  /** No moved traffic lands in a cell without evidence: only such points may claim a place on the front. */
  evidenceComplete: boolean;
  onFront: boolean;
}

export interface FrontierInput {
  /** Replay of the base document. */
  base: SimulationResult;
  /** Per tier: replay of `modeOverrideRouter(base, everyModeTo(base, tier), tiers)`. */
  byTier: Readonly<Record<string, SimulationResult>>;
  /** Replay of the draft being edited, if any: shown as its own point. */
  draft?: SimulationResult;
  metric?: QualityMetric;
  maxCandidates?: number;
}

export interface Frontier {
  metric: QualityMetric;
  /** Modes varied; other modes keep the base decision (the least-used, when combinations exceed the cap). */
  modes: string[];
  points: FrontierPoint[];
}

interface Part {
  costMicros: number;
  unpricedRequests: number;
  quality: QualitySums;
}

/** Each mode's cost and quality sums under one replay (cells never span modes, so the sums add up). */
function partsByMode(result: SimulationResult, estimates: CellEstimates): Map<string | null, Part> {
  const placements = new Map<string | null, Placement[]>();
  for (const p of result.placements) {
    const list = placements.get(p.mode);
    if (list) list.push(p);
    else placements.set(p.mode, [p]);
  }
  return new Map(
    result.byMode.map((m) => [
      m.key,
      {
        costMicros: m.simulated.costMicros,
        unpricedRequests: m.simulated.unpricedRequests,
        quality: sumPlacements(estimates, placements.get(m.key) ?? []),
      },
    ]),
  );
}

export function estimatesOf(result: SimulationResult, metric: QualityMetric): CellEstimates {
  const c = result.cells[metric];
  return { metric, minOutcomes: c.minOutcomes, confidence: c.confidence, cells: new Map(c.cells.map((e: CellEstimate) => [e.key, e])) };
}

function point(kind: FrontierPoint['kind'], id: string, assignment: Assignment, part: Part, estimates: CellEstimates): FrontierPoint {
  const q = finishQuality(estimates, part.quality);
  return {
    kind,
    id,
    assignment,
    costMicros: part.costMicros,
    unpricedRequests: part.unpricedRequests,
    quality: q.candidate,
    kept: q.paired,
    evidenceComplete: q.candidate.movedIntoNoEvidenceRequests === 0,
    onFront: false,
  };
}

const wholePart = (costMicros: number, unpricedRequests: number, placements: readonly Placement[], estimates: CellEstimates): Part => ({
  costMicros,
  unpricedRequests,
  quality: sumPlacements(estimates, placements),
});

/** Candidates for every assignment of the varied modes, the actual traffic and the draft, with the Pareto front marked. */
export function buildFrontier(input: FrontierInput): Frontier {
  const metric = input.metric ?? 'success';
  const estimates = estimatesOf(input.base, metric);
  const choices = [BASE_CHOICE, ...Object.keys(input.byTier).sort()];
  const parts = new Map<string, Map<string | null, Part>>([[BASE_CHOICE, partsByMode(input.base, estimates)]]);
  for (const [tier, result] of Object.entries(input.byTier)) parts.set(tier, partsByMode(result, estimates));

  const byTraffic = input.base.byMode
    .filter((m) => m.key !== null)
    .sort((a, b) => b.actual.requests - a.actual.requests || a.key!.localeCompare(b.key!));
  const max = input.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  let varied = byTraffic.length;
  while (varied > 0 && choices.length ** varied > max) varied--;
  const modes = byTraffic.slice(0, varied).map((m) => m.key!);
  const fixed = [...parts.get(BASE_CHOICE)!.entries()].filter(([mode]) => mode === null || !modes.includes(mode)).map(([, p]) => p);

  const points: FrontierPoint[] = [];
  const pick = new Array<number>(modes.length).fill(0);
  for (;;) {
    const assignment: Record<string, string> = {};
    const combined: Part = { costMicros: 0, unpricedRequests: 0, quality: emptyQualitySums() };
    const add = (p: Part | undefined) => {
      if (!p) return;
      combined.costMicros += p.costMicros;
      combined.unpricedRequests += p.unpricedRequests;
      addQualitySums(combined.quality, p.quality);
    };
    fixed.forEach(add);
    modes.forEach((mode, i) => {
      const choice = choices[pick[i]!]!;
      assignment[mode] = choice;
      add(parts.get(choice)!.get(mode));
    });
    points.push(point('candidate', assignmentId(assignment), assignment, combined, estimates));
    let i = 0;
    while (i < modes.length && ++pick[i]! === choices.length) pick[i++] = 0;
    if (i === modes.length) break;
  }

  const { actual } = input.base.totals;
  const stay = input.base.placements.map((p) => ({ ...p, to: p.from }));
  points.push(point('actual', 'actual', {}, wholePart(actual.costMicros, actual.unpricedRequests, stay, estimates), estimates));
  if (input.draft) {
    const { simulated } = input.draft.totals;
    const part = wholePart(simulated.costMicros, simulated.unpricedRequests, input.draft.placements, estimates);
    points.push(point('draft', 'draft', {}, part, estimates));
  }

  const eligible = points.filter((p) => p.evidenceComplete && p.quality.estimate !== null && p.unpricedRequests === 0);
  const front = paretoFront(eligible.map((p) => ({ cost: p.costMicros, quality: p.quality.estimate!.estimate })));
  eligible.forEach((p, i) => {
    p.onFront = front[i]!;
  });
  return { metric, modes, points };
}

export function assignmentId(assignment: Assignment): string {
  const changed = Object.entries(assignment)
    .filter(([, c]) => c !== BASE_CHOICE)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, c]) => `${m}=${c}`);
  return changed.length === 0 ? BASE_CHOICE : changed.join(',');
}

/**
 * Which points no other point dominates (costs no more and is at least as good, one of them strictly):
 * sorted by cost, a point is on the front when it beats the best quality of every cheaper point.
 */
export function paretoFront(points: readonly { cost: number; quality: number }[]): boolean[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.cost - points[b]!.cost || points[b]!.quality - points[a]!.quality);
  const on = new Array<boolean>(points.length).fill(false);
  let best = -Infinity;
  for (let k = 0; k < order.length; ) {
    // Points of equal cost: only those with that cost's best quality can be on the front.
    const cost = points[order[k]!]!.cost;
    const top = points[order[k]!]!.quality;
    for (; k < order.length && points[order[k]!]!.cost === cost; k++) {
      const i = order[k]!;
      if (points[i]!.quality === top && top > best) on[i] = true;
    }
    best = Math.max(best, top);
  }
  return on;
}
