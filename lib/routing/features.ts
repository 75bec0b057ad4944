/**
 * What the evaluator knows about a request. The caller (gateway, simulator, editor preview, session advice)
 * fills it from the request or the recorded event; budget states are computed by the caller too.
 * On a hot path build it as one object literal with every key (undefined when absent): objects assembled from
 * conditional spreads each get their own hidden class, and reading their fields then costs more than a decision.
 */
import type { BudgetState } from './document';

export interface RequestFeatures {
  mode?: string;
  task?: string;
  /** Project slug. */
  project?: string;
  user?: string;
  tags?: Readonly<Record<string, string>>;
  /** What the caller asked for: `auto`, `switchyard/<tier>`, or a model name. Absent or empty counts as `auto`. */
  requestedModel?: string;
  /** Estimated total input tokens. Absent (or not a finite number ≥ 0): every input-token test fails. */
  inputTokens?: number;
  /** State of each budget whose scope matches this request, by budget id. A budget not listed counts as `ok`. */
  budgets?: Readonly<Record<string, BudgetState>>;
}

/** Features as the compiled tests read them: mode, task and requested model lower-cased, like the document's values. */
export interface NormalizedFeatures {
  mode: string | undefined;
  task: string | undefined;
  project: string | undefined;
  user: string | undefined;
  tags: Readonly<Record<string, string>> | undefined;
  requestedModel: string;
  inputTokens: number | undefined;
  budgets: Readonly<Record<string, BudgetState>> | undefined;
}

export const AUTO_MODEL = 'auto';
export const TIER_ALIAS_PREFIX = 'switchyard/';

const lower = (s: string | undefined) => (s === undefined ? undefined : s.trim().toLowerCase());

export function normalizeFeatures(f: RequestFeatures): NormalizedFeatures {
  const requested = f.requestedModel === undefined ? '' : f.requestedModel.trim().toLowerCase();
  const t = f.inputTokens;
  return {
    mode: lower(f.mode),
    task: lower(f.task),
    project: f.project,
    user: f.user,
    tags: f.tags,
    requestedModel: requested === '' ? AUTO_MODEL : requested,
    inputTokens: typeof t === 'number' && t >= 0 && t < Number.POSITIVE_INFINITY ? t : undefined,
    budgets: f.budgets,
  };
}

export type RequestKind = 'auto' | 'tier' | 'model';

/**
 * How the gateway treats a (lower-cased) requested model: `auto`, or an alias naming no tier of the document,
 * is routed by the whole table; `switchyard/<tier>` asks for that tier; anything else names a model.
 */
export function requestKindOf(requestedModel: string, tiers: { has(tier: string): boolean }): RequestKind {
  if (requestedModel === AUTO_MODEL) return 'auto';
  if (requestedModel.startsWith(TIER_ALIAS_PREFIX)) {
    return tiers.has(requestedModel.slice(TIER_ALIAS_PREFIX.length)) ? 'tier' : 'auto';
  }
  return 'model';
}
