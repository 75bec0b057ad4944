/**
 * The simulation's vocabulary (DESIGN.md "Simulation", ADR 0008). The replay knows the routing
 * evaluator only through `Router`, so any evaluator (the one in lib/routing, a baseline, a what-if
 * override) plugs in; the data layer feeds grouped rows (`ReplayRow`), never single events.
 */
import type { TokenUsage } from '@/lib/pricing/cost';

export interface ModelRef {
  provider: string;
  model: string;
}

/** What the evaluator may test about a request, as recorded on its event. */
export interface RequestFeatures {
  mode: string | null;
  task: string | null;
  /** Whatever the evaluator matches projects by (the gateway sends the slug); null when not grouped by project. */
  project: string | null;
  user: string | null;
  tags: Readonly<Record<string, string>>;
  requestedModel: string | null;
  inputTokens: number;
}

/** The part of an evaluator's decision a replay needs. */
export interface RouteChoice {
  /** Null when no rule decided but the request is still routed (a `switchyard/<tier>` alias served by its tier). */
  ruleId: string | null;
  tier: string | null;
  provider: string;
  model: string;
  /** The decision's fallbacks: a request the recorded decision served by one of them keeps it. */
  fallbacks?: readonly ModelRef[];
}

/**
 * A routing document bound to its evaluator and to a fixed budget state. Null: the document lets the
 * request through unrouted (it keeps its served model).
 */
export type Router = (features: RequestFeatures) => RouteChoice | null;

/** What the grouping must know of one candidate document (read from it by an adapter). */
export interface CandidateShape {
  /** Every model its rules and tiers can route to, fallbacks included. */
  models: readonly ModelRef[];
  /** The input-token ranges its rules test; each end may be open, inclusive or exclusive. */
  inputTokenRanges: readonly { min?: number | null; max?: number | null }[];
  /** The ranges are [min, max) (routing documents' gte / lt): a class bound at each end is enough, not also at end + 1. */
  halfOpen?: boolean;
  /**
   * Which optional features its rules test, so the grouping can leave the others out of the key (fewer rows).
   * Absent: all of them, every tag key included — always correct, just more rows.
   */
  tests?: { project: boolean; user: boolean; tagKeys: readonly string[] };
}

export type TokenSums = TokenUsage;

/** Outcome sums of a group: the observed quality of its served model. */
export interface OutcomeSums {
  /** Requests with a success flag, and how many succeeded. */
  successN: number;
  successes: number;
  /** Requests with a score (0..1), the scores' sum and sum of squares. */
  scoreN: number;
  scoreSum: number;
  scoreSumOfSquares: number;
}

/** What a router recorded on the event when one decided (null fields: not routed). */
export interface RecordedRouting {
  ruleId: string | null;
  tier: string | null;
}

/**
 * One group of recorded requests that every candidate evaluates and prices alike: same features, same
 * input-token class and time slice (`GroupingPlan`), same served model and recorded routing.
 */
export interface ReplayRow {
  mode: string | null;
  task: string | null;
  /** Null (and user null, tags trimmed) for features the plan groups across (`GroupingPlan.keys`). */
  project: string | null;
  user: string | null;
  tags: Readonly<Record<string, string>>;
  requestedModel: string | null;
  /** 0-based class: how many of the plan's `inputTokenBounds` are ≤ the requests' input tokens. */
  inputClass: number;
  /** 1-based slice: the interval [timeBounds[i − 1], timeBounds[i]) holding the requests' timestamps. */
  timeSlice: number;
  provider: string;
  model: string;
  /** The served model's tier stored on the events. */
  tier: string;
  routing: RecordedRouting;
  /** Set only when the data layer groups by session (the sessions widget); otherwise null. */
  sessionId: string | null;
  requests: number;
  /** Requests with a computed cost, and their sum; the rest were unpriced when recorded. */
  pricedRequests: number;
  costMicros: number;
  cacheSavingsMicros: number;
  tokens: TokenSums;
  outcomes: OutcomeSums;
}

/** One recorded request: the naive oracle's unit and the input of the reference grouping. */
export interface RecordedRequest {
  at: Date;
  mode: string | null;
  task: string | null;
  project: string;
  user: string | null;
  tags: Readonly<Record<string, string>>;
  requestedModel: string | null;
  sessionId: string | null;
  provider: string;
  model: string;
  tier: string;
  routing: RecordedRouting;
  tokens: TokenSums;
  costMicros: number | null;
  cacheSavingsMicros: number | null;
  outcomeSuccess: boolean | null;
  outcomeScore: number | null;
}

export const CACHE_ASSUMPTIONS = ['lost-when-moved', 'kept-when-moved'] as const;
export type CacheAssumption = (typeof CACHE_ASSUMPTIONS)[number];

/** Shown beside every result. */
export interface Assumptions {
  /** A request moved to another model loses its cache reads and writes (priced as uncached input), or keeps them. */
  cache: CacheAssumption;
  /** Output length is the recorded one, whatever the model. */
  output: 'unchanged';
  /** The budget state the router was bound to (free text from the caller, e.g. "every budget ok"). */
  budgets: string;
}

/** Requests and their cost in micro-dollars; unpriced requests are counted, never priced at $0. */
export interface CostCell {
  requests: number;
  costMicros: number;
  unpricedRequests: number;
}

/** Actual against simulated for one key of a breakdown. */
export interface CompareRow<K = string | null> {
  key: K;
  actual: CostCell;
  simulated: CostCell;
}
