/**
 * The rollups only the usage explorer's person-by-tag views read (lib/ingest/rollup-grains.ts declares them;
 * the write statement, the re-price path and the zone change maintain them like every other grain).
 * Per-project: `project_id` first in the key.
 */
import { bigint, index, pgTable, primaryKey, text, date, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the app's path aliases.
import { READ_MEASURES } from '../../lib/usage/measures';

const measureColumn = (column: string) => bigint(column, { mode: 'number' }).notNull();
const readMeasureColumns = () =>
  Object.fromEntries(READ_MEASURES.map((m) => [m.key, measureColumn(m.column)])) as Record<string, ReturnType<typeof measureColumn>>;

/**
 * By local day, tag (one row per key and value: an event with two tags counts in two rows) and user: a person
 * crossed with one tag key over whole days (docs/adr/0016). Only the measures dashboards read.
 */
export const usageDailyUserTags = pgTable(
  'usage_daily_user_tags',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    tagKey: text('tag_key').notNull(),
    tagValue: text('tag_value').notNull(),
    userId: text('user_id').notNull(),
    ...readMeasureColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.day, t.tagKey, t.tagValue, t.userId] }),
    index('usage_daily_user_tags_day_brin').using('brin', t.day).with({ pages_per_range: 32, autosummarize: true }),
  ],
);
