import 'server-only';
/**
 * The budget evaluator (ADR 0009): every budget's spend in its current period — and, for calendar budgets, the
 * period before it, which late events, imports and re-prices can still change — from the rollups, in one round
 * trip per 40 budgets; the current statuses saved where a figure changed; threshold alerts inserted into the
 * ledger once per (budget, period, threshold) by its unique key (ON CONFLICT DO NOTHING: of several instances
 * evaluating the same crossing, one inserts); the optional forecast alert once per period; rolling windows by
 * episodes (lib/budgets/alert-ledger.ts); and the state version bumped (NOTIFY) when any status changed.
 *
 * Run by the one runner per process (request-budget-evaluation.ts): right after each ingestion commit over what
 * the batch touched, each second for the periods that turned over, every 30 s over every budget (the scheduler's
 * periodic tasks). Paused budgets get their figures but never alert.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { insertAlertOnce, listLedgerRows, listRollingLedgerRows, rearmAlert } from '@/db/queries/budget-alerts';
import { budgetStateChanged } from '@/db/budget-state-version';
import { bumpBudgetStateVersion, listBudgetRows, listBudgetStatusRows, saveBudgetStatuses } from '@/db/queries/budgets';
import { alerts } from '@/db/tables/alerts';
import type { BudgetStatusRow } from '@/db/tables/budgets';
import { type AlertType, buildAlertPayload } from '@/lib/alerts/payload';
import { assertCan } from '@/lib/auth/guard';
import { FORECAST_TRIGGER, planThresholdAlerts, rollingEpisodeStep, summariseCrossing, thresholdTrigger } from '@/lib/budgets/alert-ledger';
import { type Forecast, shouldAlertForecast } from '@/lib/budgets/forecast';
import type { BudgetPeriod } from '@/lib/budgets/periods';
import type { StoredBudget } from '@/lib/budgets/record';
import { type BudgetStatus, budgetStatus } from '@/lib/budgets/state';
import { touchTestOf, type UsageTouch } from '@/lib/budgets/touch';
import { getEnv } from '@/lib/env';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import type { ServiceContext } from '../context';
import {
  currentPeriodOf,
  previousPeriodOf,
  figuresOf,
  forecastsOf,
  type PeriodFigures,
  statusFigures,
  storedBudget,
} from './budget-figures';

export interface EvaluationResult {
  evaluated: number;
  /** Budgets whose current status changed. */
  changed: string[];
  /** Ledger rows this run inserted (alerts it raised). */
  alertIds: string[];
  version: number | null;
}

const baseUrl = () => getEnv().NEXTAUTH_URL ?? 'http://localhost:3000';
const ALERT_SLICE_MS = 200;

/**
 * `touches`: only the (budget, period) pairs a write since the last run can have changed (lib/budgets/touch.ts),
 * plus every budget whose current period is not the one its status holds (a new day, week or hour) — the
 * freshness path after ingestion and the periodic roll-over check (`touches: []`). Without: every budget.
 */
export async function evaluateBudgets(
  ctx: ServiceContext,
  input: { budgetIds?: string[]; touches?: readonly UsageTouch[]; yieldWhen?: () => boolean } = {},
): Promise<EvaluationResult> {
  assertCan(ctx.actor, 'budgets:edit');
  const rows = (await listBudgetRows(ctx.db)).filter((r) => !input.budgetIds || input.budgetIds.includes(r.id));
  if (rows.length === 0) return { evaluated: 0, changed: [], alertIds: [], version: null };
  const [timeZone, statuses] = await Promise.all([
    getOrgTimeZone(ctx.db),
    input.touches ? listBudgetStatusRows(ctx.db) : Promise.resolve([]),
  ]);
  const env = { timeZone };
  const budgets = rows.map(storedBudget);
  const now = ctx.now;
  const statusOf = new Map(statuses.map((s) => [s.budgetId, s]));
  const items: Array<{ budget: StoredBudget; period: BudgetPeriod; current: boolean }> = [];
  for (const budget of budgets) {
    const current = currentPeriodOf(budget, env.timeZone, now);
    const previous = budget.period.kind !== 'rolling' ? previousPeriodOf(budget, env.timeZone, now) : null;
    if (!input.touches) {
      items.push({ budget, period: current, current: true });
      if (previous) items.push({ budget, period: previous, current: false });
      continue;
    }
    const touched = touchTestOf(budget.scope, input.touches);
    const rolledOver = statusOf.get(budget.id)?.periodKey !== current.key;
    if (rolledOver || touched(current)) items.push({ budget, period: current, current: true });
    if (previous && (rolledOver || touched(previous))) items.push({ budget, period: previous, current: false });
  }
  const figures = items.length > 0 ? await figuresOf(ctx.db, { items, timeZone: env.timeZone }) : [];
  // Budgets not re-read are still checked against their thresholds with their stored figures (an amount
  // lowered, a budget created over its thresholds): no read, the ledger decides as for any other.
  const reread = new Set(items.flatMap((it) => (it.current ? [it.budget.id] : [])));
  const held = budgets.flatMap((budget) => {
    const s = statusOf.get(budget.id);
    const period = currentPeriodOf(budget, env.timeZone, now);
    if (reread.has(budget.id) || !s || s.periodKey !== period.key) return [];
    return [{ budget, period, current: true, reread: false, f: heldFigures(budget, s, period) }];
  });

  const currentRows = items.flatMap((it, k) => (it.current && figures[k]!.counted ? [statusFigures(it.budget.id, figures[k]!)] : []));
  const { changed, version } =
    currentRows.length === 0
      ? { changed: [], version: null }
      : await ctx.db.transaction(async (tx) => {
          const changedIds = await saveBudgetStatuses(tx, { rows: currentRows, now });
          return { changed: changedIds, version: changedIds.length > 0 ? await bumpBudgetStateVersion(tx) : null };
        });
  if (version !== null) budgetStateChanged(ctx.handle);

  const alertIds: string[] = [];
  const active = [...items.map((it, k) => ({ ...it, reread: true, f: figures[k]! })), ...held].filter(
    (it) => !it.budget.paused && it.f.counted,
  );
  const calendar = active.filter((it) => it.period.kind !== 'rolling');
  const ledger = await listLedgerRows(ctx.db, {
    budgetIds: [...new Set(calendar.map((it) => it.budget.id))],
    periodKeys: [...new Set(calendar.map((it) => it.period.key))],
  });
  const triggersOf = new Map<string, string[]>();
  for (const l of ledger) {
    const key = `${l.budgetId}|${l.periodKey}`;
    triggersOf.set(key, [...(triggersOf.get(key) ?? []), l.trigger]);
  }
  const alerted = (budgetId: string, periodKey: string) => triggersOf.get(`${budgetId}|${periodKey}`) ?? [];
  // Raising alerts can take long (a burst crossing many budgets); past ALERT_SLICE_MS it gives way to waiting
  // writes (`yieldWhen`): the statuses are already saved, and the ledger raises what is left at the next run.
  const planned = calendar.map((it) => {
    const triggers = alerted(it.budget.id, it.period.key);
    const done = triggers.flatMap((t) => (t.startsWith('threshold:') ? [Number(t.slice('threshold:'.length))] : []));
    const plan = planThresholdAlerts(it.f.status.spendMicros, it.budget, done);
    const forecastDue = it.current && it.reread && it.budget.forecastAlert && !triggers.includes(FORECAST_TRIGGER);
    return { it, plan, forecastDue };
  });
  // The forecasts the alerts carry, read together (a burst crossing many budgets is one round trip, not one each).
  const due = planned.filter((p) => p.plan.thresholds.length > 0 || p.forecastDue);
  const forecasts = due.length > 0 ? await forecastsOf(ctx.db, { items: due.map((p) => p.it), timeZone: env.timeZone, now }) : [];
  const forecastOfItem = new Map(due.map((p, k) => [p.it, forecasts[k] ?? null]));
  const started = Date.now();
  const giveWay = () => Date.now() - started > ALERT_SLICE_MS && (input.yieldWhen?.() ?? false);
  for (const { it, plan, forecastDue } of planned) {
    if (giveWay()) return { evaluated: new Set(items.map((x) => x.budget.id)).size, changed, alertIds, version };
    const forecast: Forecast | null = forecastOfItem.get(it) ?? null;
    if (plan.thresholds.length > 0)
      alertIds.push(...(await raiseThresholdAlerts(ctx, it.budget, it.period, it.f, plan.thresholds, forecast, env.timeZone)));
    if (forecastDue && shouldAlertForecast(forecast, it.f.status)) {
      const id = await raiseAlert(ctx, {
        budget: it.budget,
        period: it.period,
        status: it.f.status,
        forecast,
        timeZone: env.timeZone,
        type: 'budget.forecast_exceeds',
        trigger: FORECAST_TRIGGER,
        crossing: null,
        periodKey: it.period.key,
        channels: true,
      });
      if (id) alertIds.push(id);
    }
  }
  alertIds.push(
    ...(await rollingAlerts(
      ctx,
      active.filter((it) => it.period.kind === 'rolling'),
      env.timeZone,
    )),
  );
  return { evaluated: new Set(items.map((it) => it.budget.id)).size, changed, alertIds, version };
}

/** A current status as the evaluator stored it, as figures of the budget's current period. */
function heldFigures(budget: StoredBudget, s: BudgetStatusRow, period: BudgetPeriod): PeriodFigures {
  const status = budgetStatus(
    { spendMicros: s.spendMicros, unpricedRequests: s.unpricedRequests },
    { amountMicros: budget.amountMicros, thresholds: budget.thresholds },
  );
  return { period, status, counted: true };
}

/**
 * Inserts one ledger row per threshold newly reached, in one transaction; of the rows this instance inserted,
 * the highest carries the message and the budget's channels (one alert naming the highest, not three), the
 * others are kept as records with no channel.
 */
async function raiseThresholdAlerts(
  ctx: ServiceContext,
  budget: StoredBudget,
  period: BudgetPeriod,
  f: PeriodFigures,
  thresholds: number[],
  forecast: Forecast | null,
  timeZone: string,
): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const inserted: Array<{ id: string; threshold: number }> = [];
    for (const threshold of thresholds) {
      const id = randomUUID();
      const row = await insertAlertOnce(tx, {
        id,
        budgetId: budget.id,
        periodKey: period.key,
        trigger: thresholdTrigger(threshold),
        type: 'budget.threshold_reached',
        spendMicros: f.status.spendMicros,
        payload: payloadOf({
          id,
          budget,
          period,
          status: f.status,
          forecast,
          timeZone,
          type: 'budget.threshold_reached',
          crossing: { threshold, crossed: [threshold] },
          now: ctx.now,
        }),
        channelIds: [],
        createdAt: ctx.now,
      });
      if (row) inserted.push({ id: row.id, threshold });
    }
    const crossing = summariseCrossing(inserted.map((i) => i.threshold));
    if (!crossing) return [];
    const top = inserted.find((i) => i.threshold === crossing.threshold)!;
    await tx
      .update(alerts)
      .set({
        channelIds: budget.channelIds,
        payload: payloadOf({
          id: top.id,
          budget,
          period,
          status: f.status,
          forecast,
          timeZone,
          type: 'budget.threshold_reached',
          crossing,
          now: ctx.now,
        }),
      })
      .where(eq(alerts.id, top.id));
    return inserted.map((i) => i.id);
  });
}

function payloadOf(a: {
  id: string;
  budget: StoredBudget;
  period: BudgetPeriod;
  status: BudgetStatus;
  forecast: Forecast | null;
  timeZone: string;
  type: AlertType;
  crossing: { threshold: number; crossed: number[] } | null;
  now: Date;
}) {
  return buildAlertPayload({
    alertId: a.id,
    type: a.type,
    budget: a.budget,
    period: a.period,
    timeZone: a.timeZone,
    crossing: a.crossing,
    status: a.status,
    forecast: a.forecast,
    occurredAt: a.now,
    baseUrl: baseUrl(),
  });
}

async function raiseAlert(
  ctx: ServiceContext,
  a: {
    budget: StoredBudget;
    period: BudgetPeriod;
    status: BudgetStatus;
    forecast: Forecast | null;
    timeZone: string;
    type: AlertType;
    trigger: string;
    crossing: { threshold: number; crossed: number[] } | null;
    periodKey: string;
    channels: boolean;
  },
): Promise<string | null> {
  const id = randomUUID();
  const row = await insertAlertOnce(ctx.db, {
    id,
    budgetId: a.budget.id,
    periodKey: a.periodKey,
    trigger: a.trigger,
    type: a.type,
    spendMicros: a.status.spendMicros,
    payload: payloadOf({ ...a, id, now: ctx.now }),
    channelIds: a.channels ? a.budget.channelIds : [],
    createdAt: ctx.now,
  });
  return row?.id ?? null;
}

/** Rolling windows: one alert per threshold per episode; an episode ends when spend is seen below again, a window after its alert. */
async function rollingAlerts(
  ctx: ServiceContext,
  items: ReadonlyArray<{ budget: StoredBudget; period: BudgetPeriod; f: PeriodFigures }>,
  timeZone: string,
): Promise<string[]> {
  if (items.length === 0) return [];
  const ledger = await listRollingLedgerRows(ctx.db, { budgetIds: items.map((i) => i.budget.id) });
  const out: string[] = [];
  for (const { budget, period, f } of items) {
    if (budget.period.kind !== 'rolling') continue;
    for (const threshold of budget.thresholds) {
      const rows = ledger
        .filter((l) => l.budgetId === budget.id && l.trigger === thresholdTrigger(threshold))
        .map((l) => ({ ...l, episode: Number(/:e(\d+)$/.exec(l.periodKey)?.[1] ?? 0) }))
        .sort((a, b) => b.episode - a.episode);
      const latest = rows[0] ? { episode: rows[0].episode, alertedAt: rows[0].createdAt, rearmedAt: rows[0].rearmedAt } : null;
      const step = rollingEpisodeStep({
        spec: budget.period,
        spendMicros: f.status.spendMicros,
        amountMicros: budget.amountMicros,
        threshold,
        latest,
        now: ctx.now,
      });
      if (step.kind === 'rearm' && rows[0]) await rearmAlert(ctx.db, { id: rows[0].id, at: ctx.now });
      if (step.kind === 'alert') {
        const id = await raiseAlert(ctx, {
          budget,
          period,
          status: f.status,
          forecast: null,
          timeZone,
          type: 'budget.threshold_reached',
          trigger: thresholdTrigger(threshold),
          crossing: { threshold, crossed: [threshold] },
          periodKey: step.periodKey,
          channels: true,
        });
        if (id) out.push(id);
      }
    }
  }
  return out;
}
