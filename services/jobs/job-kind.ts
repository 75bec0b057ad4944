import 'server-only';
/**
 * What a kind of background job and a periodic task are (docs/adr/0014-scheduler.md). Kinds and tasks are
 * listed in services/jobs/registry.ts; server/jobs/scheduler.ts runs them.
 */
import type { z } from 'zod';
import type { JobError } from '@/db/queries/jobs';
import type { ServiceContext } from '../context';

/** Progress as a job reports it; `errors` replaces the job's error report (capped at MAX_JOB_ERRORS). */
export interface JobProgress {
  processed: number;
  total?: number;
  failed?: number;
  errors?: JobError[];
}

/**
 * What a handler runs with: a system ServiceContext (actor `system:job:<kind>`), the job's row facts, a
 * progress reporter (which is also the heartbeat), and a signal aborted when the scheduler stops: a handler
 * checks it between chunks and returns early (a resumable job is then queued again; otherwise failed).
 */
export interface JobRunContext extends ServiceContext {
  job: { id: string; kind: string; projectId: string | null; attempts: number; createdBy: string | null };
  progress(p: JobProgress): Promise<void>;
  signal: AbortSignal;
}

export interface JobKind<P = unknown> {
  kind: string;
  /** Validated at enqueue (bad → `bad_request:job`, nothing queued) and again before each run. */
  params: z.ZodType<P>;
  run(job: JobRunContext, params: P): Promise<void>;
  /**
   * Started again when it was interrupted (a crash, a stop): the handler must be safe to run again from the
   * start or pick up where it stopped. Not resumable: an interrupted job is failed with the reason shown.
   */
  resumable?: boolean;
  /** Jobs in the same lane run one at a time across every instance (e.g. one import per project). */
  lane?(params: P, projectId: string | null): string | null;
}

/**
 * A kind, typed by its schema where it is written; the registry holds it as JobKind<unknown> (the scheduler
 * only ever passes it params its own schema parsed).
 */
export function defineJobKind<S extends z.ZodType>(kind: {
  kind: string;
  params: S;
  run(job: JobRunContext, params: z.output<S>): Promise<void>;
  resumable?: boolean;
  lane?(params: z.output<S>, projectId: string | null): string | null;
}): JobKind {
  return kind as unknown as JobKind;
}

/** Work done every `everyMs`, by one instance at a time (a leased row in scheduled_tasks). */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  /** Checked before each run (e.g. retention only when SWITCHYARD_RETENTION_MONTHS is set). */
  enabled?(ctx: ServiceContext): boolean;
  run(ctx: ServiceContext & { signal: AbortSignal }): Promise<void>;
}

export const definePeriodicTask = (task: PeriodicTask): PeriodicTask => task;
