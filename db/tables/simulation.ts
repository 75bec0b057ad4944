/**
 * Saved simulation runs: who ran what (the inputs as given and the candidate document as resolved), when,
 * its progress while it runs, and the result it showed (lib/simulation/result.ts plus the frontier). An
 * organisation-level reference table: a run may span projects. Deleting a run deletes its row.
 */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const simulationRuns = pgTable(
  'simulation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    createdBy: uuid('created_by'),
    /** Kept verbatim, like the audit log: the run still says who ran it after a rename. */
    createdByEmail: text('created_by_email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** What was asked (lib/simulation/run-input.ts), with the candidate as resolved (services/simulations/resolve-candidate.ts). */
    inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull(),
    /** Label of the candidate shown in lists ("Published v3 + code → balanced"). */
    label: text('label').notNull(),
    processed: integer('processed').notNull().default(0),
    total: integer('total').notNull().default(0),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: jsonb('error').$type<{ code: string; message: string }>(),
  },
  (t) => [index('simulation_runs_created_at_idx').on(t.createdAt)],
);
export type SimulationRunRow = typeof simulationRuns.$inferSelect;
