/**
 * The savings rollup (ADR 0013): by local day, the hourly rollup's dimensions but status, plus what a
 * baseline needs to re-price the day's traffic — the requested model, the recorded routing tier and the
 * long-context band of the input — and the outcome counts beside it. Declared in lib/ingest/rollup-grains.ts
 * (grain `dailySavings`); the write path, the re-price deltas and zone rebuilds (from raw events) follow it.
 */
import { bigint, date, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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
