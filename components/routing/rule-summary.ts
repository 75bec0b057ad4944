/** One line per rule for lists and tables: what it tests and where it routes. */
import { type RuleRoute, type RuleWhen, SET_TESTS } from '@/lib/routing/document';
import type { DraftRule } from '@/lib/routing/editing';

const LABELS: Record<(typeof SET_TESTS)[number], string> = {
  mode: 'mode',
  task: 'task',
  project: 'project',
  user: 'user',
  requestedModel: 'model asked',
};

export function whenSummary(when: Partial<RuleWhen> | DraftRule['when']): string {
  const parts: string[] = [];
  for (const k of SET_TESTS) {
    const v = when[k];
    if (v) parts.push(`${LABELS[k]} ∈ ${v.join(', ')}`);
  }
  for (const [k, v] of Object.entries(when.tags ?? {})) parts.push(`tag ${k} ∈ ${v.join(', ')}`);
  const r = when.inputTokens;
  if (r) {
    const bounds = [r.gte === undefined ? null : `≥ ${r.gte}`, r.lt === undefined ? null : `< ${r.lt}`].filter((b) => b !== null);
    parts.push(`input tokens ${bounds.join(', ')}`);
  }
  const b = when.budget;
  if (b) parts.push(`budget ${b.state.join('/')}${b.budgets ? ` (${b.budgets.join(', ')})` : ''}`);
  return parts.length === 0 ? 'every request (default)' : parts.join(' · ');
}

export function routeSummary(route: RuleRoute | DraftRule['route']): string {
  return 'tier' in route ? `tier ${route.tier}` : route.model;
}
