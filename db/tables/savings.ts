/**
 * The savings rollup (ADR 0013): by local day, the hourly rollup's dimensions but status, plus what a
 * baseline needs to re-price the day's traffic — the requested model, the recorded routing tier and the
 * long-context band of the input — and the outcome counts beside it. Declared in lib/ingest/rollup-grains.ts
 * (grain `dailySavings`); the write path, the re-price deltas and zone rebuilds (from raw events) follow it.
 */
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { alertChannels } from './alerts';
import { CORE_MEASURES, OUTCOME_MEASURES } from '../../lib/usage/measures';

const measureColumn = (column: string) => bigint(column, { mode: 'number' }).notNull();
const measureColumns = () =>
  Object.fromEntries([...CORE_MEASURES, ...OUTCOME_MEASURES].map((m) => [m.key, measureColumn(m.column)])) as {
    [M in (typeof CORE_MEASURES)[number] | (typeof OUTCOME_MEASURES)[number] as M['key']]: ReturnType<typeof measureColumn>;
  };

export const usageDailySavings = pgTable(
  'usage_daily_savings',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    mode: text('mode').notNull(),
    task: text('task').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    tier: text('tier').notNull(),
    routingRuleId: text('routing_rule_id').notNull(),
    requestedModel: text('requested_model').notNull(),
    routingTier: text('routing_tier').notNull(),
    /** Number of KEY_ONLY_COLUMNS' input bounds ≤ the request's input tokens, as text. */
    inputBand: text('input_band').notNull(),
    ...measureColumns(),
  },
  (t) => [
    primaryKey({
      columns: [
        t.projectId,
        t.day,
        t.mode,
        t.task,
        t.provider,
        t.model,
        t.tier,
        t.routingRuleId,
        t.requestedModel,
        t.routingTier,
        t.inputBand,
      ],
    }),
    index('usage_daily_savings_day_brin').using('brin', t.day).with({ pages_per_range: 32, autosummarize: true }),
  ],
);
export type UsageDailySavings = typeof usageDailySavings.$inferSelect;

/**
 * A monthly savings e-mail: the report's baseline and projects, sent to the recipients of one email alert channel
 * (db/tables/alerts.ts) once a month by sendMonthlyReports. Organisation-level (a reference table, like channels).
 */
export const savingsReportSchedules = pgTable('savings_report_schedules', {
  id: uuid('id').primaryKey().defaultRandom(),
  channelId: uuid('channel_id')
    .notNull()
    .references(() => alertChannels.id, { onDelete: 'cascade' }),
  /** The baseline as the report URL writes it (lib/savings/report-input.ts baselineParam). */
  baseline: text('baseline').notNull(),
  projects: jsonb('projects').$type<string[]>().notNull().default([]),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
export type SavingsReportSchedule = typeof savingsReportSchedules.$inferSelect;

/** One row per schedule and month: the key makes each month's e-mail go out once, however many instances run. */
export const savingsReportSends = pgTable(
  'savings_report_sends',
  {
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => savingsReportSchedules.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    /** sending (claimed), sent, empty (no usage that month: nothing sent), failed (retried next run). */
    status: text('status', { enum: ['sending', 'sent', 'empty', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    detail: text('detail'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scheduleId, t.month] })],
);
