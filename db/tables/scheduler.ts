/**
 * The scheduler's own state (server/jobs/scheduler.ts). Queued work lives in `jobs` (db/schema.ts); periodic
 * tasks keep one row each here: an instance runs a task only after claiming its row (a lease that its
 * heartbeat extends), so on Postgres with several instances each task runs on one instance at a time, and
 * its interval counts across instances. Uploaded import files wait in `job_files` until their job has read
 * them: the request that received the file has ended by then, and any instance may run the job.
 */
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per periodic task name (organisation-level, a reference table). */
export const scheduledTasks = pgTable('scheduled_tasks', {
  name: text('name').primaryKey(),
  /** The instance that holds the task, until `leaseUntil` (null: nobody). */
  owner: text('owner'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  /** The last run's failure, shown until a run succeeds (null after a success). */
  lastError: text('last_error'),
});
export type ScheduledTask = typeof scheduledTasks.$inferSelect;

/** An uploaded import file, kept as text until its job has stored every row (then deleted). */
export const jobFiles = pgTable(
  'job_files',
  {
    projectId: uuid('project_id').notNull(),
    jobId: uuid('job_id').notNull(),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.jobId] }), index('job_files_job_idx').on(t.jobId)],
);
