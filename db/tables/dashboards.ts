/**
 * The rollups only the dashboards' own widgets read (lib/ingest/rollup-grains.ts declares them, the write
 * statement and the re-price path maintain them like every other grain). Per-project: `project_id` first in
 * the key.
 */
import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the app's path aliases.
import { LATENCY_MEASURES } from '../../lib/usage/measures';

const measureColumn = (column: string) => bigint(column, { mode: 'number' }).notNull();
const measureColumns = () =>
  Object.fromEntries(LATENCY_MEASURES.map((m) => [m.key, measureColumn(m.column)])) as Record<string, ReturnType<typeof measureColumn>>;

/** Requests, errors and the latency histogram by UTC hour, provider and served model (docs/adr/0015). */
export const usageHourlyLatency = pgTable(
  'usage_hourly_latency',
  {
    projectId: uuid('project_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    ...measureColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.hour, t.provider, t.model] }),
    index('usage_hourly_latency_hour_brin').using('brin', t.hour).with({ pages_per_range: 32, autosummarize: true }),
  ],
);
