/**
 * One rule's `when`, compiled into tests. `holds` is the only place a test is decided: the fast path and the
 * traced path both call it, so a trace can never disagree with a decision.
 */
import { BUDGET_STATES, type BudgetTest, type RuleWhen, type SetTest, type TokenRange } from './document';
import type { NormalizedFeatures } from './features';

export type TestName = SetTest | 'tag' | 'inputTokens' | 'budget';

export interface CompiledTest {
  test: TestName;
  /** The tag key, for `tag` tests. */
  key?: string;
  holds(n: NormalizedFeatures): boolean;
  /** Why it held or failed, for people. */
  detail(n: NormalizedFeatures, held: boolean): string;
}

const LABELS: Record<SetTest, string> = {
  mode: 'mode',
  task: 'task',
  project: 'project',
  user: 'user',
  requestedModel: 'requested model',
};
const list = (values: Iterable<string>) => [...values].map((v) => JSON.stringify(v)).join(', ');

function setTest(test: SetTest, values: readonly string[]): CompiledTest {
  const allowed = new Set(values);
  const listed = list(allowed);
  return {
    test,
    holds: (n) => {
      const v = n[test];
      return v !== undefined && allowed.has(v);
    },
    detail: (n, held) => {
      const v = n[test];
      if (v === undefined) return `no ${LABELS[test]}; needs one of ${listed}`;
      return `${LABELS[test]} ${JSON.stringify(v)} is ${held ? '' : 'not '}one of ${listed}`;
    },
  };
}

function tagTest(key: string, values: readonly string[]): CompiledTest {
  const allowed = new Set(values);
  const listed = list(allowed);
  const tagValue = (n: NormalizedFeatures) => (n.tags !== undefined && Object.hasOwn(n.tags, key) ? n.tags[key] : undefined);
  return {
    test: 'tag',
    key,
    holds: (n) => {
      const v = tagValue(n);
      return v !== undefined && allowed.has(v);
    },
    detail: (n, held) => {
      const v = tagValue(n);
      if (v === undefined) return `no tag ${JSON.stringify(key)}; needs one of ${listed}`;
      return `tag ${JSON.stringify(key)} = ${JSON.stringify(v)} is ${held ? '' : 'not '}one of ${listed}`;
    },
  };
}

/** 1234567 → "1,234,567", without Intl (which costs microseconds a call). */
function grouped(n: number): string {
  const [whole, fraction] = String(n).split('.');
  return whole!.replace(/\B(?=(\d{3})+$)/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

export function rangeText(r: TokenRange): string {
  return `[${grouped(r.gte ?? 0)}, ${r.lt === undefined ? '∞' : grouped(r.lt)})`;
}

function tokenTest(range: TokenRange): CompiledTest {
  const lo = range.gte ?? 0;
  const hi = range.lt ?? Number.POSITIVE_INFINITY;
  const text = rangeText(range);
  return {
    test: 'inputTokens',
    holds: (n) => n.inputTokens !== undefined && n.inputTokens >= lo && n.inputTokens < hi,
    detail: (n, held) =>
      n.inputTokens === undefined
        ? `no input-token estimate; needs ${text}`
        : `input tokens ${grouped(n.inputTokens)} are ${held ? '' : 'not '}in ${text}`,
  };
}

/** ok 0, warning 1, exceeded 2; anything else counts as ok. */
const rankOf = (s: unknown) => (s === 'exceeded' ? 2 : s === 'warning' ? 1 : 0);

/** The worst state (as a rank) among the budgets in scope that match the request; none: ok. Allocates nothing. */
export function worstRank(budgets: NormalizedFeatures['budgets'], ids: readonly string[] | undefined): number {
  if (budgets === undefined) return 0;
  let rank = 0;
  if (ids === undefined) {
    for (const k in budgets) if (Object.hasOwn(budgets, k)) rank = Math.max(rank, rankOf(budgets[k]));
  } else {
    for (const k of ids) if (Object.hasOwn(budgets, k)) rank = Math.max(rank, rankOf(budgets[k]));
  }
  return rank;
}

/** The same, and which budget has that state (for traces). */
export function worstBudget(budgets: NormalizedFeatures['budgets'], ids: readonly string[] | undefined): { rank: number; id?: string } {
  let rank = 0;
  let id: string | undefined;
  if (budgets === undefined) return { rank };
  for (const k of ids ?? Object.keys(budgets)) {
    if (!Object.hasOwn(budgets, k)) continue;
    const r = rankOf(budgets[k]);
    if (r > rank) {
      rank = r;
      id = k;
    }
  }
  return { rank, id };
}

function budgetTest(t: BudgetTest): CompiledTest {
  const allowedByRank = BUDGET_STATES.map((s) => t.state.includes(s));
  const ids = t.budgets ? [...new Set(t.budgets)] : undefined;
  const scope = ids ? `budgets ${list(ids)}` : 'the matching budgets';
  return {
    test: 'budget',
    holds: (n) => allowedByRank[worstRank(n.budgets, ids)] === true,
    detail: (n, held) => {
      const w = worstBudget(n.budgets, ids);
      const state = BUDGET_STATES[w.rank];
      const which = w.id === undefined ? '' : ` (${JSON.stringify(w.id)})`;
      return `worst state of ${scope} is ${state}${which}, ${held ? 'one of' : 'not one of'} ${t.state.join(', ')}`;
    },
  };
}

/** The tests of a `when`, in a fixed order: the set tests, the tags by key, input tokens, budget. */
export function compileWhen(when: RuleWhen): CompiledTest[] {
  const tests: CompiledTest[] = [];
  for (const k of ['mode', 'task', 'project', 'user', 'requestedModel'] as const) {
    const values = when[k];
    if (values !== undefined) tests.push(setTest(k, values));
  }
  for (const [key, values] of Object.entries(when.tags ?? {})) tests.push(tagTest(key, values));
  if (when.inputTokens !== undefined) tests.push(tokenTest(when.inputTokens));
  if (when.budget !== undefined) tests.push(budgetTest(when.budget));
  return tests;
}
