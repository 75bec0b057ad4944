/**
 * The alert, as one JSON payload that every channel renders: webhooks send it as is (Standard Webhooks shape
 * `{ type, timestamp, data }`, snake_case, money as integer micro-dollars plus exact dollar strings), Slack and
 * email render it (lib/alerts/slack.ts, lib/alerts/email.ts) from the same fields, so no channel says something
 * another does not. Types:
 *   budget.threshold_reached  a threshold reached in a period (data.threshold names the highest; `crossed` all of
 *                             them when one evaluation passed several — one alert, not three)
 *   budget.forecast_exceeds   the forecast reaches 100 % before the period ends
 * Every payload links back to the budget's page for that period. Pure.
 */
import { microsToDollarString } from '@/lib/budgets/amount';
import type { Forecast } from '@/lib/budgets/forecast';
import { type BudgetPeriod, describePeriodSpec, type PeriodSpec } from '@/lib/budgets/periods';
import { type BudgetAction, type BudgetScope, SCOPE_DIMENSIONS } from '@/lib/budgets/schema';
import type { BudgetState, BudgetStatus } from '@/lib/budgets/state';
import { formatMicros } from '@/lib/format';
import { formatCalendarDate } from '@/lib/time/zoned';

export const ALERT_TYPES = ['budget.threshold_reached', 'budget.forecast_exceeds'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export interface AlertInput {
  /** The ledger row's id: the webhook-id (`msg_<id>`) receivers deduplicate on, the same for every retry. */
  alertId: string;
  type: AlertType;
  budget: {
    id: string;
    name: string;
    scope: BudgetScope;
    period: PeriodSpec;
    amountMicros: number;
    thresholds: readonly number[];
    action: BudgetAction;
  };
  period: BudgetPeriod;
  timeZone: string;
  /** threshold_reached: the thresholds this alert reports (from summariseCrossing). */
  crossing: { threshold: number; crossed: number[] } | null;
  status: BudgetStatus;
  forecast: Forecast | null;
  /** When the crossing was seen. */
  occurredAt: Date;
  /** The app's public address (NEXTAUTH_URL), without a trailing slash needed. */
  baseUrl: string;
}

export interface AlertPayload {
  type: AlertType;
  timestamp: string;
  data: {
    alert_id: string;
    headline: string;
    budget: {
      id: string;
      name: string;
      scope: BudgetScope;
      period: PeriodSpec;
      period_text: string;
      amount_micros: number;
      amount_usd: string;
      thresholds: number[];
      action: BudgetAction;
    };
    period: { key: string; label: string; start: string; end: string; time_zone: string; ended: boolean };
    threshold: { percent: number; crossed: number[] } | null;
    state: BudgetState;
    spend: {
      micros: number;
      usd: string;
      percent: string;
      unpriced_requests: number;
      remaining_micros: number;
      over_micros: number;
      as_of: string;
    };
    forecast: {
      projected_micros: number | null;
      projected_usd: string | null;
      exceeds_on: string | null;
      daily_rate_micros: number | null;
      method: string;
    } | null;
    url: string;
  };
}

export function budgetLink(baseUrl: string, budgetId: string, periodKey: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/budgets/${encodeURIComponent(budgetId)}?period=${encodeURIComponent(periodKey)}`;
}

export function buildAlertPayload(input: AlertInput): AlertPayload {
  const { budget, period, status, forecast } = input;
  return {
    type: input.type,
    timestamp: input.occurredAt.toISOString(),
    data: {
      alert_id: input.alertId,
      headline: alertHeadline(input),
      budget: {
        id: budget.id,
        name: budget.name,
        scope: budget.scope,
        period: budget.period,
        period_text: describePeriodSpec(budget.period),
        amount_micros: budget.amountMicros,
        amount_usd: microsToDollarString(budget.amountMicros),
        thresholds: [...budget.thresholds],
        action: budget.action,
      },
      period: {
        key: period.key,
        label: period.label,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        time_zone: input.timeZone,
        ended: input.occurredAt.getTime() >= period.end.getTime(),
      },
      threshold: input.crossing ? { percent: input.crossing.threshold, crossed: [...input.crossing.crossed] } : null,
      state: status.state,
      spend: {
        micros: status.spendMicros,
        usd: microsToDollarString(status.spendMicros),
        percent: status.percentText.replace(' %', ''),
        unpriced_requests: status.unpricedRequests,
        remaining_micros: status.remainingMicros,
        over_micros: status.overMicros,
        as_of: input.occurredAt.toISOString(),
      },
      forecast: forecast && {
        projected_micros: forecast.projectedMicros,
        projected_usd: forecast.projectedMicros === null ? null : microsToDollarString(forecast.projectedMicros),
        exceeds_on: forecast.exceedsOn && formatCalendarDate(forecast.exceedsOn),
        daily_rate_micros: forecast.dailyRateMicros,
        method: forecast.description,
      },
      url: budgetLink(input.baseUrl, budget.id, period.key),
    },
  };
}

/** One sentence: what happened, to which budget, in which period. */
export function alertHeadline(
  input: Pick<AlertInput, 'type' | 'budget' | 'crossing' | 'status' | 'forecast' | 'period' | 'occurredAt'>,
): string {
  const name = `“${input.budget.name}”`;
  const amount = formatMicros(input.budget.amountMicros);
  const ended = input.occurredAt.getTime() >= input.period.end.getTime() ? ', period ended' : '';
  const when = `(${input.period.label}${ended})`;
  if (input.type === 'budget.forecast_exceeds') {
    const on = input.forecast?.exceedsOnText;
    return `${name} is forecast to exceed its ${amount} budget${on ? ` on ${on}` : ''} ${when}`;
  }
  const t = input.crossing?.threshold ?? 100;
  const others = (input.crossing?.crossed ?? []).filter((c) => c !== t);
  const also = others.length > 0 ? ` (and ${others.map((c) => `${c} %`).join(', ')})` : '';
  return `${name} reached ${t} %${also} of its ${amount} budget: ${formatMicros(input.status.spendMicros)} spent ${when}`;
}

/** "mode: code, debug · tag team: platform" — "everything" for an empty scope. */
export function scopeSummary(scope: BudgetScope, projectName: (id: string) => string = (id) => id): string {
  const parts: string[] = [];
  for (const d of SCOPE_DIMENSIONS) {
    if (scope[d].length === 0) continue;
    const values = d === 'project' ? scope[d].map(projectName) : scope[d];
    parts.push(`${d}: ${values.join(', ')}`);
  }
  for (const [key, values] of Object.entries(scope.tags)) parts.push(`tag ${key}: ${values.join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : 'all usage';
}

/** The line about requests that could not be priced, or null when every request was priced. */
export function unpricedNote(status: Pick<BudgetStatus, 'unpricedRequests'>): string | null {
  if (status.unpricedRequests === 0) return null;
  const n = status.unpricedRequests.toLocaleString('en-US');
  return `Plus ${n} request${status.unpricedRequests === 1 ? '' : 's'} to models with no known price, not in this figure.`;
}
