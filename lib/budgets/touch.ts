/**
 * What a write of usage can have changed, for the budget evaluator (ADR 0009 "Freshness"): the project, the
 * time span of the events and the distinct combinations of their scope dimensions. A budget needs re-reading
 * only when its scope can match one of the combinations (the scope's own matcher, compileScope) and its period
 * overlaps the span. Over MAX_COMBOS distinct combinations a touch keeps only project and span (it then matches
 * every budget of the project): a false positive costs one read, a false negative would be a stale budget.
 */
import type { BudgetPeriod } from './periods';
import type { BudgetScope } from './schema';
import { compileScope, type ScopeFeatures } from './scope';

export interface UsageTouch {
  projectId: string;
  from: Date;
  to: Date;
  /** Null: too many to keep, every combination may be in it. */
  combos: ScopeFeatures[] | null;
}

/** The fields of a stored event row the scopes look at. */
export interface TouchedRow {
  occurredAt: Date;
  mode: string | null;
  task: string | null;
  userId: string | null;
  tier: string | null;
  model: string | null;
  provider: string | null;
  tags: Readonly<Record<string, string>>;
}

export const MAX_COMBOS = 256;

/** Margin around a period when testing overlap: local midnights need not fall on whole UTC hours. */
const MARGIN_MS = 3_600_000;

export function touchOfRows(projectId: string, rows: readonly TouchedRow[]): UsageTouch | null {
  if (rows.length === 0) return null;
  let from = rows[0]!.occurredAt.getTime();
  let to = from;
  const combos = new Map<string, ScopeFeatures>();
  let overflow = false;
  for (const r of rows) {
    const t = r.occurredAt.getTime();
    if (t < from) from = t;
    if (t > to) to = t;
    if (overflow) continue;
    const f: ScopeFeatures = {
      project: projectId,
      mode: r.mode,
      task: r.task,
      user: r.userId,
      tier: r.tier,
      model: r.model,
      provider: r.provider,
      tags: r.tags,
    };
    let key = `${r.mode}\u0001${r.task}\u0001${r.userId}\u0001${r.tier}\u0001${r.model}\u0001${r.provider}`;
    for (const k of Object.keys(r.tags).sort()) key += `\u0001${k}\u0002${r.tags[k]}`;
    if (!combos.has(key)) combos.set(key, f);
    if (combos.size > MAX_COMBOS) overflow = true;
  }
  return { projectId, from: new Date(from), to: new Date(to), combos: overflow ? null : [...combos.values()] };
}

/** Touches of the same project merged (spans joined, combinations united up to the cap). */
export function mergeTouches(touches: readonly UsageTouch[]): UsageTouch[] {
  const byProject = new Map<string, UsageTouch>();
  for (const t of touches) {
    const prev = byProject.get(t.projectId);
    if (!prev) {
      byProject.set(t.projectId, { ...t, combos: t.combos ? [...t.combos] : null });
      continue;
    }
    prev.from = prev.from < t.from ? prev.from : t.from;
    prev.to = prev.to > t.to ? prev.to : t.to;
    if (prev.combos && t.combos && prev.combos.length + t.combos.length <= MAX_COMBOS) prev.combos.push(...t.combos);
    else prev.combos = null;
  }
  return [...byProject.values()];
}

export type TouchTest = (period: Pick<BudgetPeriod, 'start' | 'end'>) => boolean;

/** Whether any touch can have changed the budget's spend in a period (the scope matcher, compiled once). */
export function touchTestOf(scope: BudgetScope, touches: readonly UsageTouch[]): TouchTest {
  const matches = compileScope(scope);
  const relevant = touches.filter((t) => {
    if (scope.project.length > 0 && !scope.project.includes(t.projectId.toLowerCase())) return false;
    return t.combos === null || t.combos.some(matches);
  });
  return (period) =>
    relevant.some((t) => t.from.getTime() < period.end.getTime() + MARGIN_MS && t.to.getTime() >= period.start.getTime() - MARGIN_MS);
}
