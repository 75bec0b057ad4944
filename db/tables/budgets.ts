/**
 * Budgets (DESIGN "Budgets", ADR 0007 and 0009): the definition people edit, the last evaluated status of
 * each budget's current period (what the Budgets page and the gateways' state endpoint read, kept fresh by
 * the evaluator), and one counter that moves whenever any of those statuses or definitions change (the state
 * endpoint's long-poll waits on it). Organisation-level reference tables: a budget's scope may span projects.
 *
 * The definition's fields are lib/budgets/schema.ts's BudgetDefinition, stored as validated there: scope and
 * period as jsonb, the amount in integer micro-dollars, thresholds as strictly increasing percents.
 */
import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PeriodSpec } from '../../lib/budgets/periods';
import type { BudgetAction, BudgetScope } from '../../lib/budgets/schema';

export const budgets = pgTable('budgets', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  scope: jsonb('scope').$type<BudgetScope>().notNull(),
  period: jsonb('period').$type<PeriodSpec>().notNull(),
  amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
  thresholds: integer('thresholds').array().notNull(),
  action: jsonb('action').$type<BudgetAction>().notNull(),
  channelIds: uuid('channel_ids').array().notNull().default([]),
  paused: boolean('paused').notNull().default(false),
  /** Send the "forecast will exceed" alert (once per period). */
  forecastAlert: boolean('forecast_alert').notNull().default(false),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type BudgetRow = typeof budgets.$inferSelect;

/**
 * The status of a budget's current period as last evaluated (services/budgets/evaluate-budgets.ts): spend
 * and unpriced requests from the rollups, the state they give. Rewritten only when a figure changes.
 */
export const budgetStatuses = pgTable('budget_statuses', {
  budgetId: uuid('budget_id')
    .primaryKey()
    .references(() => budgets.id, { onDelete: 'cascade' }),
  periodKey: text('period_key').notNull(),
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  spendMicros: bigint('spend_micros', { mode: 'number' }).notNull(),
  unpricedRequests: bigint('unpriced_requests', { mode: 'number' }).notNull(),
  state: text('state', { enum: ['ok', 'warning', 'exceeded'] }).notNull(),
  percentTenths: bigint('percent_tenths', { mode: 'number' }).notNull(),
  evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
});
export type BudgetStatusRow = typeof budgetStatuses.$inferSelect;

/** One row (id 1): bumped in the transaction of any change a gateway could see; NOTIFY `switchyard_budget_state` carries it. */
export const budgetStateVersion = pgTable('budget_state_version', {
  id: integer('id').primaryKey().default(1),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
