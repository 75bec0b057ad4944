/**
 * What changed between two versions of a routing document, rule by rule (by id, which is stable across
 * versions): added, removed, changed field by field, moved. Value sets compare as sets (order and repeats do
 * not change what a test matches); model lists compare in order (order is priority).
 * "Moved" means the rule's order relative to the other kept rules changed — not merely that an insertion
 * above it shifted its index: the kept rules outside a longest common subsequence of both orders moved.
 */
import { type RoutingDocument, type RoutingRule, SET_TESTS } from './document';
import { jsonPointer } from './issues';

export interface FieldChange {
  /** JSON pointer within the rule, e.g. `/when/mode`, `/when/tags/team`, `/route`. */
  path: string;
  /** Absent when the field was added. */
  before?: unknown;
  /** Absent when the field was removed. */
  after?: unknown;
  /** For value sets: the values added and removed. */
  added?: string[];
  removed?: string[];
}

export interface RuleDiff {
  ruleId: string;
  /** `changed` when any field differs (then `moved` says whether it also moved). */
  change: 'added' | 'removed' | 'changed' | 'moved';
  moved: boolean;
  /** Index in the earlier version (null when added) and in the later one (null when removed). */
  from: number | null;
  to: number | null;
  fields: FieldChange[];
}

export interface TierDiff {
  tier: string;
  change: 'added' | 'removed' | 'changed';
  before?: readonly string[];
  after?: readonly string[];
}

export interface RoutingDiff {
  /** No rule or tier differs. */
  same: boolean;
  tiers: TierDiff[];
  /** Kept and added rules in the later version's order, then removed rules in the earlier one's. */
  rules: RuleDiff[];
}

export function diffRoutingDocuments(before: RoutingDocument, after: RoutingDocument): RoutingDiff {
  const tiers = diffTiers(before.tiers, after.tiers);
  const beforeAt = new Map(before.rules.map((r, i) => [r.id, i] as const));
  const afterIds = new Set(after.rules.map((r) => r.id));
  const keptBefore = before.rules.filter((r) => afterIds.has(r.id)).map((r) => r.id);
  const keptAfter = after.rules.filter((r) => beforeAt.has(r.id)).map((r) => r.id);
  const inOrder = longestCommonSubsequence(keptBefore, keptAfter);

  const rules: RuleDiff[] = [];
  after.rules.forEach((rule, to) => {
    const from = beforeAt.get(rule.id);
    if (from === undefined) {
      rules.push({ ruleId: rule.id, change: 'added', moved: false, from: null, to, fields: [] });
      return;
    }
    const fields = diffRule(before.rules[from]!, rule);
    const moved = !inOrder.has(rule.id);
    if (fields.length > 0 || moved)
      rules.push({ ruleId: rule.id, change: fields.length > 0 ? 'changed' : 'moved', moved, from, to, fields });
  });
  before.rules.forEach((rule, from) => {
    if (!afterIds.has(rule.id)) rules.push({ ruleId: rule.id, change: 'removed', moved: false, from, to: null, fields: [] });
  });
  return { same: tiers.length === 0 && rules.length === 0, tiers, rules };
}

function diffTiers(before: RoutingDocument['tiers'], after: RoutingDocument['tiers']): TierDiff[] {
  const out: TierDiff[] = [];
  for (const [tier, models] of Object.entries(after)) {
    const was = before[tier];
    if (was === undefined) out.push({ tier, change: 'added', after: models });
    else if (!sameList(was, models)) out.push({ tier, change: 'changed', before: was, after: models });
  }
  for (const [tier, models] of Object.entries(before)) if (after[tier] === undefined) out.push({ tier, change: 'removed', before: models });
  return out;
}

function diffRule(a: RoutingRule, b: RoutingRule): FieldChange[] {
  const out: FieldChange[] = [];
  const scalar = (path: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(change(path, x, y));
  };
  scalar('/description', a.description, b.description);
  for (const k of SET_TESTS) diffSet(jsonPointer(['when', k]), a.when[k], b.when[k], out);
  const tagKeys = new Set([...Object.keys(a.when.tags ?? {}), ...Object.keys(b.when.tags ?? {})]);
  for (const key of [...tagKeys].sort()) diffSet(jsonPointer(['when', 'tags', key]), a.when.tags?.[key], b.when.tags?.[key], out);
  scalar('/when/inputTokens', a.when.inputTokens && normRange(a.when.inputTokens), b.when.inputTokens && normRange(b.when.inputTokens));
  if (a.when.budget === undefined || b.when.budget === undefined) scalar('/when/budget', a.when.budget, b.when.budget);
  else {
    diffSet('/when/budget/state', a.when.budget.state, b.when.budget.state, out);
    diffSet('/when/budget/budgets', a.when.budget.budgets, b.when.budget.budgets, out);
  }
  scalar('/route', a.route, b.route);
  if (!sameList(a.fallbacks ?? [], b.fallbacks ?? [])) out.push(change('/fallbacks', a.fallbacks, b.fallbacks));
  scalar('/reasoningEffort', a.reasoningEffort, b.reasoningEffort);
  return out;
}

function diffSet(path: string, a: readonly string[] | undefined, b: readonly string[] | undefined, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  const [sa, sb] = [new Set(a ?? []), new Set(b ?? [])];
  const added = [...sb].filter((v) => !sa.has(v)).sort();
  const removed = [...sa].filter((v) => !sb.has(v)).sort();
  // Absent and present are different tests even with no value in common (absent allows anything).
  if (added.length === 0 && removed.length === 0 && (a === undefined) === (b === undefined)) return;
  out.push({ ...change(path, a && [...sa].sort(), b && [...sb].sort()), added, removed });
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  return { path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

const normRange = (r: { gte?: number; lt?: number }) => ({ gte: r.gte ?? 0, ...(r.lt === undefined ? {} : { lt: r.lt }) });
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The ids of one longest common subsequence of two orders of the same ids (O(n·m), n ≤ 500). */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): Set<string> {
  const len: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
    }
  }
  const out = new Set<string>();
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.add(a[i]!);
      i++;
      j++;
    } else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}
