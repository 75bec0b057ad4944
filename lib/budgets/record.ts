/**
 * A stored budget as the API, the pages and the gateways see it (ADR 0009). Pure: the services read the rows
 * and the figures; this shapes them.
 * - `budgetJson` — the management API's budget: its definition (amount as exact dollars too), the current
 *   period and its status.
 * - `rollingScopeIssue` — a rolling window is counted from hourly rollups only; a scope no hour rollup holds
 *   (a user with a model, several tag keys, …) would need the raw events, so such a budget is refused.
 * - `gatewayStateBody` / `strongEtag` — GET /api/v1/budgets/state (docs/api.md "Gateway endpoints"): the budgets
 *   that apply to one project, the project dimension removed, and an ETag from the content without `generatedAt`.
 */
import { createHash } from 'node:crypto';
import { planSource } from '@/lib/usage/query';
import { microsToDollarString } from './amount';
import { type BudgetPeriod, describePeriodSpec, type PeriodSpec } from './periods';
import type { BudgetAction, BudgetDefinition, BudgetIssue, BudgetScope } from './schema';
import { scopeUsageQuery } from './scope';
import type { BudgetState, BudgetStatus } from './state';

export interface StoredBudget extends BudgetDefinition {
  id: string;
  forecastAlert: boolean;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BudgetJson {
  id: string;
  name: string;
  scope: BudgetScope;
  period: PeriodSpec;
  periodText: string;
  amountMicros: number;
  amount: string;
  thresholds: number[];
  action: BudgetAction;
  channelIds: string[];
  paused: boolean;
  forecastAlert: boolean;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
  current: {
    period: { key: string; label: string; start: string; end: string };
    state: BudgetState;
    spendMicros: number;
    spend: string;
    unpricedRequests: number;
    percentTenths: number;
    percentText: string;
    remainingMicros: number;
    overMicros: number;
    thresholdsReached: number[];
  } | null;
}

export function budgetJson(b: StoredBudget, current: { period: BudgetPeriod; status: BudgetStatus } | null): BudgetJson {
  return {
    id: b.id,
    name: b.name,
    scope: b.scope,
    period: b.period,
    periodText: describePeriodSpec(b.period),
    amountMicros: b.amountMicros,
    amount: microsToDollarString(b.amountMicros),
    thresholds: [...b.thresholds],
    action: b.action,
    channelIds: [...b.channelIds],
    paused: b.paused,
    forecastAlert: b.forecastAlert,
    createdBy: b.createdBy,
    updatedBy: b.updatedBy,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    current: current && {
      period: {
        key: current.period.key,
        label: current.period.label,
        start: current.period.start.toISOString(),
        end: current.period.end.toISOString(),
      },
      state: current.status.state,
      spendMicros: current.status.spendMicros,
      spend: microsToDollarString(current.status.spendMicros),
      unpricedRequests: current.status.unpricedRequests,
      percentTenths: current.status.percentTenths,
      percentText: current.status.percentText,
      remainingMicros: current.status.remainingMicros,
      overMicros: current.status.overMicros,
      thresholdsReached: current.status.thresholdsReached,
    },
  };
}

/** The issue when a rolling budget's scope cannot be counted from an hourly rollup (null when it can, or for calendar periods). */
export function rollingScopeIssue(b: Pick<BudgetDefinition, 'scope' | 'period'>): BudgetIssue | null {
  if (b.period.kind !== 'rolling') return null;
  const at = new Date(Date.UTC(2026, 0, 1, 7));
  const probe = {
    key: 'probe',
    kind: 'rolling' as const,
    start: at,
    end: new Date(at.getTime() + 3_600_000),
    firstDay: { year: 2026, month: 1, day: 1 },
    lastDay: { year: 2026, month: 1, day: 1 },
    label: '',
  };
  // Hours that are no local midnight: only hour rollups can answer, whatever the zone.
  const source = planSource(scopeUsageQuery(b.scope, probe, 'UTC'));
  if (source.kind === 'rollup') return null;
  return {
    path: 'period',
    code: 'rolling_scope_unsupported',
    message:
      'A rolling window is counted from the hourly rollups, which do not hold this combination of dimensions ' +
      '(a user with anything but mode and tier, or tags with another dimension or key). Use a calendar period or narrow the scope.',
  };
}

// ── the gateways' state ───────────────────────────────────────────────────────────────────────────

export interface GatewayBudget {
  id: string;
  name: string;
  state: BudgetState;
  action: BudgetAction;
  scope: Omit<BudgetScope, 'project'>;
  period: { key: string; start: string; end: string };
  spendMicros: number;
  amountMicros: number;
  unpricedRequests: number;
  percentTenths: number;
}

export interface GatewayStateInput {
  budget: Pick<StoredBudget, 'id' | 'name' | 'scope' | 'action' | 'paused' | 'amountMicros'>;
  status: { periodKey: string; periodStart: Date; periodEnd: Date } & Pick<
    BudgetStatus,
    'state' | 'spendMicros' | 'unpricedRequests' | 'percentTenths'
  >;
}

/** Whether a budget applies to a project: scoped to it, or to no project at all (organisation-wide). */
export const appliesToProject = (scope: BudgetScope, projectId: string) =>
  scope.project.length === 0 || scope.project.includes(projectId.toLowerCase());

/** The state body without `generatedAt`, budgets in id order (a stable text for the ETag). */
export function gatewayStateBody(items: readonly GatewayStateInput[], projectId: string, tierOrder: readonly string[]) {
  const budgets: GatewayBudget[] = items
    .filter((i) => !i.budget.paused && appliesToProject(i.budget.scope, projectId))
    .sort((a, b) => (a.budget.id < b.budget.id ? -1 : a.budget.id > b.budget.id ? 1 : 0))
    .map(({ budget, status }) => {
      const { project: _project, ...scope } = budget.scope;
      return {
        id: budget.id,
        name: budget.name,
        state: status.state,
        action: budget.action,
        scope,
        period: { key: status.periodKey, start: status.periodStart.toISOString(), end: status.periodEnd.toISOString() },
        spendMicros: status.spendMicros,
        amountMicros: budget.amountMicros,
        unpricedRequests: status.unpricedRequests,
        percentTenths: status.percentTenths,
      };
    });
  return { tierOrder: [...tierOrder], budgets };
}

/** A strong ETag of a text: the quoted SHA-256 prefix of its bytes. */
export function strongEtag(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header names this ETag (a list, or `*`); weak comparison is not used for a strong tag. */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  return trimmed.split(',').some((t) => t.trim() === etag);
}
