/**
 * The alert ledger and the channels it is delivered to: the meeting point of budgets (which insert an alert
 * when a threshold is crossed) and deliveries (which send each alert to its channels). Organisation-level
 * reference tables like budgets (a budget's scope may span projects).
 *
 * An alert snapshots what it says (`payload`, built by lib/alerts/payload.ts) and where it goes (`channelIds`,
 * the budget's channels at the crossing), so delivery needs neither the budget nor its later edits.
 */
import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { AlertPayload } from '../../lib/alerts/payload';

/** A place alerts are sent: a signed webhook, a Slack incoming webhook, or email recipients. */
export const alertChannels = pgTable('alert_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['webhook', 'slack', 'email'] }).notNull(),
  name: text('name').notNull(),
  /** `{ url }` for webhook and slack, `{ to: string[] }` for email (lib/alerts/channel-schema.ts). */
  config: jsonb('config').$type<{ url: string } | { to: string[] }>().notNull(),
  /** Standard Webhooks signing secret (`whsec_…`), webhook channels only. */
  secret: text('secret'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type AlertChannel = typeof alertChannels.$inferSelect;

/**
 * One alert per (budget, period, trigger): the unique key is what makes alerts exactly once across app
 * instances and concurrent writers (`INSERT … ON CONFLICT DO NOTHING`). `trigger` is `threshold:<percent>` or
 * `forecast` (lib/budgets/alert-ledger.ts).
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    budgetId: uuid('budget_id').notNull(),
    periodKey: text('period_key').notNull(),
    trigger: text('trigger').notNull(),
    type: text('type', { enum: ['budget.threshold_reached', 'budget.forecast_exceeds'] }).notNull(),
    /** Spend in the period when the crossing was seen. */
    spendMicros: bigint('spend_micros', { mode: 'number' }).notNull(),
    payload: jsonb('payload').$type<AlertPayload>().notNull(),
    channelIds: uuid('channel_ids').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by'),
    /** Rolling budgets: when the episode this row opened ended (spend seen below the threshold again; ADR 0007). */
    rearmedAt: timestamp('rearmed_at', { withTimezone: true }),
  },
  (t) => [unique('alerts_once').on(t.budgetId, t.periodKey, t.trigger), index('alerts_created_idx').on(t.createdAt)],
);
export type Alert = typeof alerts.$inferSelect;
