import 'server-only';
/**
 * What the budget services share (no permission checks here: every exported service checks its caller first,
 * then calls these): the context a definition is checked against, the stored row as a definition, and each
 * budget's spend in a period — the usage explorer's statement for the budget's filter over the period
 * (lib/budgets/scope.ts scopeUsageQuery, answered from the rollup the explorer's planner picks; ADR 0009).
 */
import { dailySpendOfQueries, firstUsageDay, type NewBudget, spendOfQueries, type StatusFigures } from '@/db/queries/budgets';
import { aggregateUsage } from '@/db/queries/usage-aggregate';
import { listChannelRefs } from '@/db/queries/budget-alerts';
import { listTiers } from '@/db/queries/models';
import { dailyRollupZones, getOrgTimeZone } from '@/db/queries/org-settings';
import { listProjects } from '@/db/queries/projects';
import type { Database } from '@/db/client';
import type { BudgetRow } from '@/db/tables/budgets';
import { type Forecast, forecastBudget } from '@/lib/budgets/forecast';
import { type BudgetPeriod, floorHour, periodAt, previousPeriods } from '@/lib/budgets/periods';
import { rollingScopeIssue, type StoredBudget } from '@/lib/budgets/record';
import {
  type BudgetDefinition,
  type BudgetIssue,
  type BudgetSchemaContext,
  budgetIssuesError,
  parseBudgetInput,
} from '@/lib/budgets/schema';
import { scopeUsageQuery } from '@/lib/budgets/scope';
import { type BudgetStatus, budgetStatus } from '@/lib/budgets/state';
import { addDays, compareDates, localDate, parseCalendarDate, startOfLocalDay } from '@/lib/time/zoned';
import type { UsageQuery } from '@/lib/usage/query';
import { RATE_DAYS } from '@/lib/budgets/forecast';

export interface BudgetEnvironment extends BudgetSchemaContext {
  timeZone: string;
  knownTiers: string[];
}

export async function budgetEnvironment(db: Database): Promise<BudgetEnvironment> {
  const [timeZone, tiers, projects, channels] = await Promise.all([
    getOrgTimeZone(db),
    listTiers(db),
    listProjects(db),
    listChannelRefs(db),
  ]);
  return {
    timeZone,
    knownTiers: tiers.map((t) => t.name),
    knownProjectIds: projects.map((p) => p.id),
    knownChannelIds: channels.map((c) => c.id),
  };
}

export function storedBudget(row: BudgetRow): StoredBudget {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    period: row.period,
    amountMicros: row.amountMicros,
    thresholds: row.thresholds,
    action: row.action,
    channelIds: row.channelIds,
    paused: row.paused,
    forecastAlert: row.forecastAlert,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The definition a person sent, `forecastAlert` beside it; every refusal at once, with its stable code. */
export function parseBudgetDefinition(
  input: unknown,
  env: BudgetSchemaContext,
): { definition: BudgetDefinition; forecastAlert: boolean | undefined } {
  const { forecastAlert, rest } = splitForecastAlert(input);
  const issues: BudgetIssue[] = [];
  if (forecastAlert !== undefined && typeof forecastAlert !== 'boolean')
    issues.push({ path: 'forecastAlert', code: 'invalid_type', message: 'true or false.' });
  const parsed = parseBudgetInput(rest, env);
  if (!parsed.ok) issues.push(...parsed.issues);
  else {
    const rolling = rollingScopeIssue(parsed.budget);
    if (rolling) issues.push(rolling);
  }
  if (issues.length > 0 || !parsed.ok) throw budgetIssuesError(issues);
  return { definition: parsed.budget, forecastAlert: forecastAlert as boolean | undefined };
}

function splitForecastAlert(input: unknown): { forecastAlert: unknown; rest: unknown } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { forecastAlert: undefined, rest: input };
  const { forecastAlert, ...rest } = input as Record<string, unknown>;
  return { forecastAlert, rest };
}

/** The definition part of a stored budget (what the schema parses). */
export function definitionOf(b: StoredBudget): BudgetDefinition {
  return {
    name: b.name,
    scope: b.scope,
    period: b.period,
    amountMicros: b.amountMicros,
    thresholds: b.thresholds,
    action: b.action,
    channelIds: b.channelIds,
    paused: b.paused,
  };
}

export function rowValues(definition: BudgetDefinition): Omit<NewBudget, 'createdBy' | 'updatedBy' | 'forecastAlert'> {
  return {
    name: definition.name,
    scope: definition.scope,
    period: definition.period,
    amountMicros: definition.amountMicros,
    thresholds: definition.thresholds,
    action: definition.action,
    channelIds: definition.channelIds,
    paused: definition.paused,
  };
}

export interface PeriodFigures {
  period: BudgetPeriod;
  status: BudgetStatus;
  /** False when no rollup can answer (a rolling window over a scope saved before the rule): no figure. */
  counted: boolean;
}

/**
 * Each (budget, period)'s spend and status, in one round trip per 40 budgets. The period defaults to the
 * budget's current one at `now`.
 */
export async function figuresOf(
  db: Database,
  {
    items,
    timeZone,
  }: {
    items: ReadonlyArray<{ budget: Pick<StoredBudget, 'scope' | 'amountMicros' | 'thresholds'>; period: BudgetPeriod }>;
    timeZone: string;
  },
): Promise<PeriodFigures[]> {
  const queries = items.map((i) => scopeUsageQuery(i.budget.scope, i.period, timeZone));
  const spends = await spendOfQueries(db, { queries, dailyZone: timeZone });
  return items.map((item, k) => {
    const spend = spends[k];
    const status = budgetStatus(
      { spendMicros: spend?.spendMicros ?? 0, unpricedRequests: spend?.unpricedRequests ?? 0 },
      { amountMicros: item.budget.amountMicros, thresholds: item.budget.thresholds },
    );
    return { period: item.period, status, counted: spend !== null };
  });
}

const periodCache = new Map<string, BudgetPeriod>();

/**
 * The budget's period at `now`, memoised per (spec, zone, UTC hour): periods are cut on whole hours, and working one
 * out takes several zone conversions — 1,000 budgets share a handful of specs.
 */
export function currentPeriodOf(budget: Pick<StoredBudget, 'period'>, timeZone: string, now: Date): BudgetPeriod {
  const key = `${JSON.stringify(budget.period)}|${timeZone}|${floorHour(now).getTime()}`;
  let period = periodCache.get(key);
  if (!period) {
    if (periodCache.size > 1_000) periodCache.clear();
    period = periodAt(budget.period, timeZone, now);
    periodCache.set(key, period);
  }
  return period;
}

/** The period before a budget's current one, memoised like currentPeriodOf. */
export function previousPeriodOf(budget: Pick<StoredBudget, 'period'>, timeZone: string, now: Date): BudgetPeriod {
  const key = `prev|${JSON.stringify(budget.period)}|${timeZone}|${floorHour(now).getTime()}`;
  let period = periodCache.get(key);
  if (!period) {
    if (periodCache.size > 1_000) periodCache.clear();
    period = previousPeriods(budget.period, timeZone, currentPeriodOf(budget, timeZone, now), 1)[0]!;
    periodCache.set(key, period);
  }
  return period;
}

export function statusFigures(budgetId: string, f: PeriodFigures): StatusFigures {
  return {
    budgetId,
    periodKey: f.period.key,
    periodStart: f.period.start,
    periodEnd: f.period.end,
    spendMicros: f.status.spendMicros,
    unpricedRequests: f.status.unpricedRequests,
    state: f.status.state,
    percentTenths: f.status.percentTenths,
  };
}

/**
 * The forecast of a calendar period (lib/budgets/forecast.ts): the budget's spend per local day over the period
 * up to today and the 7 days before today, from the explorer's day query for the same filter. Null for rolling windows.
 */
export async function forecastOf(
  db: Database,
  item: { budget: Pick<StoredBudget, 'scope' | 'amountMicros' | 'thresholds'>; period: BudgetPeriod; timeZone: string; now: Date },
): Promise<Forecast | null> {
  const [forecast] = await forecastsOf(db, { items: [item], timeZone: item.timeZone, now: item.now });
  return forecast ?? null;
}

/**
 * forecastOf for many (budget, period)s at once: the day series in a few round trips (dailySpendOfQueries), the
 * first usage day and the day rollups' zone read once. A series only raw events can answer is read on its own.
 */
export async function forecastsOf(
  db: Database,
  {
    items,
    timeZone,
    now,
  }: {
    items: ReadonlyArray<{ budget: Pick<StoredBudget, 'scope' | 'amountMicros' | 'thresholds'>; period: BudgetPeriod }>;
    timeZone: string;
    now: Date;
  },
): Promise<Array<Forecast | null>> {
  const calendar = items.flatMap((item, k) => (item.period.kind === 'rolling' ? [] : [{ ...item, k }]));
  if (calendar.length === 0) return items.map(() => null);
  const queries = calendar.map((item) => forecastQuery(item.budget, item.period, timeZone, now));
  const [zoneFor, since] = await Promise.all([dailyRollupZones(db), firstUsageDay(db)]);
  const series = await dailySpendOfQueries(db, { queries, zoneFor });
  const out: Array<Forecast | null> = items.map(() => null);
  for (const [j, item] of calendar.entries()) {
    const dailySpend = series[j] ?? dailySpendOf((await aggregateUsage(db, queries[j]!)).rows);
    out[item.k] = forecastBudget({
      period: item.period,
      timeZone,
      now,
      amountMicros: item.budget.amountMicros,
      thresholds: item.budget.thresholds,
      dailySpend,
      dataSince: since ? parseCalendarDate(since) : null,
    });
  }
  return out;
}

/** The explorer's day query for the budget's filter over the period up to today and the RATE_DAYS before today. */
function forecastQuery(budget: Pick<StoredBudget, 'scope'>, period: BudgetPeriod, timeZone: string, now: Date): UsageQuery {
  const today = localDate(floorHour(now), timeZone);
  const lastDay = compareDates(today, period.lastDay) < 0 ? today : period.lastDay;
  const firstDay = compareDates(addDays(today, -RATE_DAYS), period.firstDay) < 0 ? addDays(today, -RATE_DAYS) : period.firstDay;
  return {
    ...scopeUsageQuery(budget.scope, period, timeZone),
    from: startOfLocalDay(firstDay, timeZone),
    to: startOfLocalDay(addDays(compareDates(lastDay, firstDay) < 0 ? firstDay : lastDay, 1), timeZone),
    granularity: 'day',
  };
}

function dailySpendOf(rows: ReadonlyArray<{ bucket: string | null; costMicros: number }>): Record<string, number> {
  const days: Record<string, number> = {};
  for (const r of rows) if (r.bucket) days[r.bucket.slice(0, 10)] = (days[r.bucket.slice(0, 10)] ?? 0) + r.costMicros;
  return days;
}
