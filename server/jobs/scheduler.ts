/**
 * The one scheduler (docs/adr/0014-scheduler.md): started with the server (instrumentation.ts), it runs the
 * queued jobs of every registered kind one at a time, claimed with FOR UPDATE SKIP LOCKED, each with a
 * heartbeat (jobs.updated_at); recovers jobs whose scheduler died (resumed when the kind is resumable, failed
 * with the reason otherwise); and runs the periodic tasks under a lease, so with several instances on one
 * Postgres each queued job runs once and each periodic task on one instance at a time. On the embedded
 * database it is the one process that opened the folder, and every running job at start is a crashed one.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '@/db/client';
import {
  claimNextJob,
  failJob,
  finishJob,
  type JobError,
  recoverStaleJobs,
  requeueJob,
  touchJob,
  updateJobProgress,
} from '@/db/queries/jobs';
import { claimTask, extendTaskLease, releaseTask } from '@/db/queries/scheduled-tasks';
import type { Job } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { systemContext } from '@/services/context';
import type { JobKind, JobRunContext, PeriodicTask } from '@/services/jobs/job-kind';
import { JOB_KINDS, PERIODIC_TASKS } from '@/services/jobs/registry';
import { onJobsQueued } from '@/services/jobs/wake';

export interface SchedulerOptions {
  kinds?: readonly JobKind[];
  tasks?: readonly PeriodicTask[];
  /** How often an idle scheduler looks for queued jobs, stale jobs and due tasks. */
  pollMs?: number;
  /** How often a running job's updated_at (and a running task's lease) is advanced. */
  heartbeatMs?: number;
  /** A running job without a heartbeat for this long lost its scheduler (Postgres; the embedded database: at once). */
  staleAfterMs?: number;
  /** Starts of a resumable job before an interruption fails it. */
  maxAttempts?: number;
  instanceId?: string;
}

export interface Scheduler {
  readonly instanceId: string;
  /** Look for queued jobs now. */
  wake(): void;
  /** Resolves once the scheduler has looked and found no queued job it could start (tests, scripts). */
  idle(): Promise<void>;
  /** Stops taking work, aborts the running job's signal and waits for it and for a running task. */
  stop(): Promise<void>;
}

export const SCHEDULER_DEFAULTS = { pollMs: 1_000, heartbeatMs: 5_000, staleAfterMs: 60_000, maxAttempts: 3 } as const;

const failureOf = (err: unknown): JobError =>
  err instanceof AppError
    ? { code: err.code, message: err.message }
    : { code: 'failed', message: 'The job failed; see the server log. Work it had committed is kept.' };

export function startScheduler(handle: DatabaseHandle, options: SchedulerOptions = {}): Scheduler {
  const kinds = options.kinds ?? JOB_KINDS;
  const tasks = options.tasks ?? PERIODIC_TASKS;
  const pollMs = options.pollMs ?? SCHEDULER_DEFAULTS.pollMs;
  const heartbeatMs = options.heartbeatMs ?? SCHEDULER_DEFAULTS.heartbeatMs;
  const staleAfterMs = handle.driver === 'pglite' ? 0 : (options.staleAfterMs ?? SCHEDULER_DEFAULTS.staleAfterMs);
  const maxAttempts = options.maxAttempts ?? SCHEDULER_DEFAULTS.maxAttempts;
  const instanceId = options.instanceId ?? `${process.pid}-${randomBytes(4).toString('hex')}`;
  const kindNames = kinds.map((k) => k.kind);
  const resumableKinds = kinds.filter((k) => k.resumable).map((k) => k.kind);
  const stopping = new AbortController();
  let recoveredAtStart = false;
  // idle() waiters, each answered by the first look for work that started after it was registered.
  let looks = 0;
  let idleWaiters: { after: number; resolve: () => void }[] = [];

  // One sleeper per loop, woken early by wake() or stop().
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  const wake = () => {
    for (const s of [...sleepers]) s();
  };
  const unsubscribe = onJobsQueued(wake);

  async function runJob(job: Job): Promise<void> {
    const kind = kinds.find((k) => k.kind === job.kind)!;
    const controller = new AbortController();
    const onStop = () => controller.abort(new Error('the scheduler stopped'));
    stopping.signal.addEventListener('abort', onStop);
    const heartbeat = setInterval(() => {
      touchJob(handle.db, { id: job.id, owner: instanceId })
        .then((mine) => {
          if (!mine) controller.abort(new Error('the job was taken over (its heartbeat was late)'));
        })
        .catch((err) => console.error(`[switchyard] heartbeat of job ${job.id} failed`, err));
    }, heartbeatMs);
    const ctx: JobRunContext = {
      ...systemContext(handle, `job:${job.kind}`),
      job: { id: job.id, kind: job.kind, projectId: job.projectId, attempts: job.attempts, createdBy: job.createdBy },
      signal: controller.signal,
      progress: async (p) => {
        await updateJobProgress(handle.db, { id: job.id, ...p });
        // Yield to the event loop: an embedded database answers in microtasks, so a job's chain of queries
        // would otherwise hold back every request (and timer) of the process until it ends.
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    try {
      const parsed = kind.params.safeParse(job.params);
      if (!parsed.success) throw new AppError('bad_request:job', `The job's parameters are not valid: ${parsed.error.issues[0]?.message}.`);
      await kind.run(ctx, parsed.data);
      controller.signal.throwIfAborted();
      await finishJob(handle.db, { id: job.id, status: 'done' });
    } catch (err) {
      if (controller.signal.aborted && stopping.signal.aborted) {
        // Stopped with the server: a resumable job waits for the next start; another says why it stopped.
        if (kind.resumable) await requeueJob(handle.db, { id: job.id, owner: instanceId });
        else
          await failJob(handle.db, {
            id: job.id,
            error: { code: 'interrupted', message: 'The server stopped during the job. Start it again.' },
          });
      } else if (controller.signal.aborted) {
        console.warn(`[switchyard] job ${job.id} (${job.kind}) was recovered by another scheduler; this one let it go`);
      } else {
        if (!(err instanceof AppError)) console.error(`[switchyard] job ${job.id} (${job.kind}) failed`, err);
        await failJob(handle.db, { id: job.id, error: failureOf(err) });
      }
    } finally {
      clearInterval(heartbeat);
      stopping.signal.removeEventListener('abort', onStop);
    }
  }

  async function jobLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      const look = ++looks;
      try {
        // Postgres: on every look, jobs whose heartbeat stopped. Embedded: once, at start (one process only).
        if (handle.driver === 'postgres' || !recoveredAtStart) {
          const recovered = await recoverStaleJobs(handle.db, { staleAfterMs, resumableKinds, maxAttempts });
          recoveredAtStart = true;
          if (recovered.resumed + recovered.failed > 0) {
            console.warn(`[switchyard] jobs interrupted by a crash: ${recovered.resumed} resumed, ${recovered.failed} failed`);
          }
        }
        const job = await claimNextJob(handle.db, { kinds: kindNames, owner: instanceId });
        if (job) {
          await runJob(job);
          continue;
        }
      } catch (err) {
        if (stopping.signal.aborted) break;
        console.error('[switchyard] the scheduler could not reach the database; it tries again', err);
      }
      const answered = idleWaiters.filter((w) => w.after < look);
      idleWaiters = idleWaiters.filter((w) => w.after >= look);
      for (const w of answered) w.resolve();
      await sleep(pollMs);
    }
  }

  async function runTask(task: PeriodicTask): Promise<void> {
    const leaseMs = Math.max(staleAfterMs, heartbeatMs * 3);
    if (!(await claimTask(handle.db, { name: task.name, owner: instanceId, everyMs: task.everyMs, leaseMs }))) return;
    const heartbeat = setInterval(() => {
      extendTaskLease(handle.db, { name: task.name, owner: instanceId, leaseMs }).catch((err) =>
        console.error(`[switchyard] lease of task ${task.name} failed`, err),
      );
    }, heartbeatMs);
    let error: string | null = null;
    try {
      await task.run({ ...systemContext(handle, `task:${task.name}`), signal: stopping.signal });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      console.error(`[switchyard] periodic task ${task.name} failed (it runs again at its next interval)`, err);
    } finally {
      clearInterval(heartbeat);
      await releaseTask(handle.db, { name: task.name, owner: instanceId, error });
    }
  }

  async function taskLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      for (const task of tasks) {
        if (stopping.signal.aborted) break;
        try {
          if (task.enabled && !task.enabled(systemContext(handle, `task:${task.name}`))) continue;
          await runTask(task);
        } catch (err) {
          if (!stopping.signal.aborted) console.error(`[switchyard] periodic task ${task.name} could not start`, err);
        }
      }
      await sleep(pollMs);
    }
  }

  const loops = Promise.all([jobLoop(), taskLoop()]);

  return {
    instanceId,
    wake,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push({ after: looks, resolve });
        wake();
      }),
    async stop() {
      if (!stopping.signal.aborted) {
        unsubscribe();
        stopping.abort();
        wake();
      }
      await loops;
      for (const w of idleWaiters) w.resolve();
      idleWaiters = [];
    },
  };
}

/** Runs every queued job in this process until none is left, then stops (tests, scripts, the demo seed). */
export async function drainJobs(handle: DatabaseHandle, options: Omit<SchedulerOptions, 'tasks'> = {}): Promise<void> {
  const scheduler = startScheduler(handle, { ...options, tasks: [] });
  try {
    await scheduler.idle();
  } finally {
    await scheduler.stop();
  }
}
