/**
 * "Traffic share": how many requests and how much spend each rule of a document would have taken, from usage
 * already grouped by the dimensions the rollups hold (project, mode, task, and — from the user-set grain — user and
 * tag map). Each group is one request shape, evaluated once with the one evaluator. What the rollups do not hold is
 * said, rule by rule, never guessed: the requested model (every group is evaluated as `auto`), input-token estimates
 * (an inputTokens test fails, as for a request without an estimate) and budget state (every budget counts as ok).
 */
import type { RoutingDocument } from './document';
import type { CompiledRoutingDocument } from './evaluator';

export interface TrafficShareGroup {
  project: string | undefined;
  mode: string;
  task: string;
  user: string;
  tags: Readonly<Record<string, string>>;
  requests: number;
  costMicros: number;
  unpricedRequests: number;
}

export interface RuleTrafficShare {
  ruleId: string;
  requests: number;
  costMicros: number;
  unpricedRequests: number;
  /** Shares of the period's requests and priced spend, 0..1 (0 when there is none). */
  requestShare: number;
  spendShare: number;
}

/** A test of a rule that the rollups cannot evaluate, and what the figures assume instead. */
export interface UnseenTest {
  ruleId: string;
  test: 'requestedModel' | 'inputTokens' | 'budget';
  assumed: string;
}

export interface TrafficShare {
  version: number;
  rules: RuleTrafficShare[];
  total: { requests: number; costMicros: number; unpricedRequests: number };
  unseen: UnseenTest[];
}

export const UNSEEN_ASSUMPTIONS = {
  requestedModel: 'the rollups do not keep the requested model: every request is counted as asking for `auto`',
  inputTokens: 'the rollups do not keep per-request input tokens: this test is counted as failing',
  budget: 'the rollups do not keep budget state at the time: every budget is counted as ok',
} as const;

/** Whether any rule tests the user or a tag (then the user-set grain, with users and tag maps, is needed). */
export function needsUsersAndTags(doc: RoutingDocument): boolean {
  return doc.rules.some((r) => r.when.user !== undefined || (r.when.tags !== undefined && Object.keys(r.when.tags).length > 0));
}

export function unseenTests(doc: RoutingDocument): UnseenTest[] {
  return doc.rules.flatMap((r) =>
    (['requestedModel', 'inputTokens', 'budget'] as const)
      .filter((t) => r.when[t] !== undefined)
      .map((test) => ({ ruleId: r.id, test, assumed: UNSEEN_ASSUMPTIONS[test] })),
  );
}

export function trafficShare(compiled: CompiledRoutingDocument, groups: readonly TrafficShareGroup[]): TrafficShare {
  const byRule = new Map(compiled.document.rules.map((r) => [r.id, { requests: 0, costMicros: 0, unpricedRequests: 0 }]));
  const total = { requests: 0, costMicros: 0, unpricedRequests: 0 };
  for (const g of groups) {
    const decision = compiled.evaluate({
      mode: g.mode === '' ? undefined : g.mode,
      task: g.task === '' ? undefined : g.task,
      project: g.project,
      user: g.user === '' ? undefined : g.user,
      tags: g.tags,
      requestedModel: undefined,
      inputTokens: undefined,
      budgets: undefined,
    });
    const sums = byRule.get(decision.ruleId)!;
    sums.requests += g.requests;
    sums.costMicros += g.costMicros;
    sums.unpricedRequests += g.unpricedRequests;
    total.requests += g.requests;
    total.costMicros += g.costMicros;
    total.unpricedRequests += g.unpricedRequests;
  }
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    version: compiled.version,
    rules: [...byRule].map(([ruleId, s]) => ({
      ruleId,
      ...s,
      requestShare: share(s.requests, total.requests),
      spendShare: share(s.costMicros, total.costMicros),
    })),
    total,
    unseen: unseenTests(compiled.document),
  };
}
