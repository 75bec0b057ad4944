import 'server-only';
/**
 * Every kind of background job and every periodic task, in one place (docs/adr/0014-scheduler.md).
 * Registering one is one line here: a kind made with defineJobKind, a task made with definePeriodicTask
 * (services/jobs/job-kind.ts). server/jobs/scheduler.ts runs them; enqueueJob validates against them.
 */
import { requestBudgetEvaluation } from '../budgets/request-budget-evaluation';
import { deliverPendingAlerts } from '../channels/deliver-pending-alerts';
import { sendMonthlyReports } from '../savings/send-monthly-reports';
import { definePeriodicTask, type JobKind, type PeriodicTask } from './job-kind';
import { importJob } from '../imports/run-import';
import { changeTimeZoneJob } from '../organisation/change-time-zone-job';
import { maintenanceTask } from './maintenance-task';
import { retentionTask } from './retention-task';
import { simulationJob } from '../simulations/simulation-job';
import { repriceJob, retierJob } from './run-rewrite-job';

export const JOB_KINDS: readonly JobKind[] = [
  repriceJob, // re-price one model's history (a price changed)
  retierJob, // re-tier one model's history (its tier changed)
  importJob, // a backfill file, one per project at a time
  changeTimeZoneJob, // move the day rollups to the organisation's new zone, in steps
  simulationJob, // a what-if simulation run, with progress (ADR 0012)
];

export const PERIODIC_TASKS: readonly PeriodicTask[] = [
  retentionTask, // SWITCHYARD_RETENTION_MONTHS set: drop expired raw-event months, hourly
  maintenanceTask, // embedded database on disk: VACUUM (ANALYZE) after enough writes
  definePeriodicTask({
    name: 'budgets.evaluate', // every budget re-read: re-prices, imports, zone changes, other writers (ADR 0009)
    everyMs: 30_000,
    run: async (ctx) => {
      await requestBudgetEvaluation(ctx.handle, 'all');
    },
  }),
  definePeriodicTask({
    name: 'budgets.periods', // the budgets whose period turned over (a new day, week, hour), each second (ADR 0009)
    everyMs: 1_000,
    run: async (ctx) => {
      await requestBudgetEvaluation(ctx.handle, 'periods');
    },
  }),
  definePeriodicTask({
    name: 'alert-deliveries', // each alert to its channels, with retries (ADR 0010)
    everyMs: 10_000,
    run: async (ctx) => {
      await deliverPendingAlerts(ctx);
    },
  }),
  definePeriodicTask({
    name: 'savings-monthly-reports', // last month's savings report to its recipients, once (ADR 0013)
    everyMs: 3_600_000,
    run: async (ctx) => {
      await sendMonthlyReports(ctx);
    },
  }),
];

export function jobKindOf(kind: string): JobKind | undefined {
  return JOB_KINDS.find((k) => k.kind === kind);
}
