/**
 * The demo's budgets (issue 12 "Demo"): a monthly organisation budget, a monthly budget for one project, a daily
 * budget for one user, and a monthly budget on `mode = plan` that downgrades to the balanced tier. Their amounts
 * are set from the demo traffic itself (priced as ingestion prices it, before it is stored), so that some are
 * crossed in the history and the alerts the evaluator raises while the history is loaded are real crossings.
 * Pure: the seed script passes the priced events in.
 */
import type { BudgetInput } from '@/lib/budgets/schema';

export interface PricedDemoEvent {
  projectId: string;
  occurredAt: Date;
  mode: string | null;
  userId: string | null;
  costMicros: number | null;
}

/** Whole cents, at least $0.10. */
const dollars = (micros: number) => (Math.max(10, Math.round(micros / 10_000)) / 100).toFixed(2);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);
const dayKey = (d: Date) => d.toISOString().slice(0, 10);

function meanOf(map: Map<string, number>, skipLast: boolean): number {
  const keys = [...map.keys()].sort();
  const used = skipLast && keys.length > 1 ? keys.slice(0, -1) : keys;
  return used.length === 0 ? 0 : used.reduce((s, k) => s + map.get(k)!, 0) / used.length;
}

function add(map: Map<string, number>, key: string, micros: number) {
  map.set(key, (map.get(key) ?? 0) + micros);
}

/** The four demo budgets, sized from the traffic: `projectId` and `user` name the project and person they watch. */
export function demoBudgets(events: Iterable<PricedDemoEvent>, { projectId, user }: { projectId: string; user: string }): BudgetInput[] {
  const org = new Map<string, number>();
  const project = new Map<string, number>();
  const plan = new Map<string, number>();
  const person = new Map<string, number>();
  for (const e of events) {
    const cost = e.costMicros ?? 0;
    if (cost === 0) continue;
    add(org, monthKey(e.occurredAt), cost);
    if (e.projectId === projectId) add(project, monthKey(e.occurredAt), cost);
    if (e.mode === 'plan') add(plan, monthKey(e.occurredAt), cost);
    if (e.userId === user) add(person, dayKey(e.occurredAt), cost);
  }
  const daily = [...person.values()].sort((a, b) => a - b);
  const p75 = daily.length > 0 ? daily[Math.floor(daily.length * 0.75)]! : 1_000_000;
  return [
    { name: 'Organisation, monthly', period: { kind: 'month' }, amount: dollars(meanOf(org, true) * 1.1), thresholds: [50, 80, 100] },
    {
      name: 'Checkout agent, monthly',
      period: { kind: 'month' },
      amount: dollars(meanOf(project, true) * 0.9),
      scope: { project: [projectId] },
      thresholds: [80, 100],
    },
    {
      name: `${user}, daily`,
      period: { kind: 'day' },
      amount: dollars(p75),
      scope: { user: [user] },
      thresholds: [80, 100],
      action: { kind: 'block' },
    },
    {
      name: 'Plan mode, monthly',
      period: { kind: 'month' },
      amount: dollars(meanOf(plan, true) * 0.8),
      scope: { mode: ['plan'] },
      action: { kind: 'downgrade', tier: 'balanced' },
    },
  ];
}
