/**
 * Deliveries of alerts to channels (docs/adr/0010-alert-deliveries.md): one row per (alert, channel) — the
 * unique key makes it exactly one however many workers run — plus a log row for every attempt. Test sends from
 * Settings → Channels are deliveries without an alert (`alert_id` null, `is_test`), attempted once.
 * Organisation-level reference tables, like alerts and channels.
 *
 * A worker claims a due delivery by moving `next_attempt_at` past the attempt's time bound (a lease) and
 * counting the attempt, in one `FOR UPDATE SKIP LOCKED` statement; a worker that dies mid-attempt leaves a row
 * that becomes due again when the lease ends.
 */
import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { alertChannels, alerts } from './alerts';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id').references(() => alerts.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
    isTest: boolean('is_test').notNull().default(false),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    /** Attempts started (claimed), including one in flight. */
    attempts: integer('attempts').notNull().default(0),
    firstAttemptAt: timestamp('first_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** When the next attempt is due (pending, retrying); null once delivered or failed. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('alert_deliveries_once').on(t.alertId, t.channelId),
    index('alert_deliveries_due_idx').on(t.nextAttemptAt),
    index('alert_deliveries_channel_idx').on(t.channelId, t.createdAt),
  ],
);
export type AlertDelivery = typeof alertDeliveries.$inferSelect;

export const alertDeliveryAttempts = pgTable(
  'alert_delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => alertDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** HTTP status, or the SMTP reply code; null when nothing answered. */
    statusCode: integer('status_code'),
    outcome: text('outcome', { enum: ['delivered', 'retry', 'failed'] }).notNull(),
    error: text('error'),
  },
  (t) => [unique('alert_delivery_attempts_once').on(t.deliveryId, t.attempt)],
);
export type AlertDeliveryAttempt = typeof alertDeliveryAttempts.$inferSelect;
