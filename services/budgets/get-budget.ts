import 'server-only';
/**
 * One budget, read live from the rollups (never the raw events): the chosen period's spend and status (the
 * current one, or `period` = a key such as `month:2026-11`), the history of the periods before it, the forecast
 * with its burn-down series and method, the source the figure comes from, and its alerts. Past periods that ended
 * before the first recorded usage are left out.
 */
import { z } from 'zod';
import { listAlertRows } from '@/db/queries/budget-alerts';
import { firstUsageDay, getBudgetRow } from '@/db/queries/budgets';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { listProjects } from '@/db/queries/projects';
import type { Alert } from '@/db/tables/alerts';
import { assertCan } from '@/lib/auth/guard';
import type { Forecast } from '@/lib/budgets/forecast';
import { type BudgetPeriod, periodForKey, previousPeriods } from '@/lib/budgets/periods';
import { budgetJson, type BudgetJson } from '@/lib/budgets/record';
import { type ExplorerView, explorerViewOfScope, scopeSpendSource } from '@/lib/budgets/scope';
import type { BudgetStatus } from '@/lib/budgets/state';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { compareDates, parseCalendarDate } from '@/lib/time/zoned';
import type { ServiceContext } from '../context';
import { currentPeriodOf, figuresOf, forecastOf, storedBudget } from './budget-figures';

const schema = z.strictObject({
  id: z.guid('A budget id is a UUID.'),
  period: z.string().max(64).optional(),
  history: z.coerce.number().int().min(0).max(24).default(6),
});

export interface BudgetDetail {
  budget: BudgetJson;
  timeZone: string;
  /** True when the period shown is the current one. */
  isCurrent: boolean;
  source: string;
  explorer: ExplorerView;
  history: Array<{ period: { key: string; label: string; start: string; end: string }; status: BudgetStatus }>;
  forecast: Forecast | null;
  alerts: Alert[];
}

export async function getBudget(ctx: ServiceContext, input: unknown): Promise<BudgetDetail> {
  assertCan(ctx.actor, 'dashboards:read');
  const { id, period: key, history } = parseInput(schema, input, 'budget');
  const [row, timeZone, projects] = await Promise.all([getBudgetRow(ctx.db, { id }), getOrgTimeZone(ctx.db), listProjects(ctx.db)]);
  if (!row) throw new AppError('not_found:budget', 'No such budget.');
  const budget = storedBudget(row);
  const current = currentPeriodOf(budget, timeZone, ctx.now);
  const period: BudgetPeriod | null = key ? periodForKey(budget.period, timeZone, key) : current;
  if (!period) throw new AppError('bad_request:budget', 'No such period for this budget.', { fields: { period: ['Unknown period key.'] } });
  const past = previousPeriods(budget.period, timeZone, period, history);
  const figures = await figuresOf(ctx.db, { items: [period, ...past].map((p) => ({ budget, period: p })), timeZone });
  const [forecast, alerts, since] = await Promise.all([
    forecastOf(ctx.db, { budget, period, timeZone, now: ctx.now }),
    listAlertRows(ctx.db, { limit: 100, budgetId: id }),
    firstUsageDay(ctx.db),
  ]);
  // Periods that ended before any usage was recorded say nothing (a row of $0.00 reads as "nothing spent").
  const firstDay = since ? parseCalendarDate(since) : null;
  const recorded = (p: BudgetPeriod) => firstDay !== null && compareDates(p.lastDay, firstDay) >= 0;
  const slugs = new Map(projects.map((p) => [p.id, p.slug]));
  return {
    budget: budgetJson(budget, figures[0]!),
    timeZone,
    isCurrent: period.key === current.key,
    source: scopeSpendSource(budget.scope, period, timeZone).text,
    explorer: explorerViewOfScope(budget.scope, period, (pid) => slugs.get(pid)),
    history: figures.slice(1).flatMap((f) =>
      recorded(f.period)
        ? [
            {
              period: { key: f.period.key, label: f.period.label, start: f.period.start.toISOString(), end: f.period.end.toISOString() },
              status: f.status,
            },
          ]
        : [],
    ),
    forecast,
    alerts,
  };
}
