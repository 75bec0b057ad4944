import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { jobs, type Job } from '../schema';

export type JobKind = Job['kind'];
export type JobError = Job['errors'][number];

/** Errors kept per job (an import of a million bad rows must not make a huge row). */
export const MAX_JOB_ERRORS = 500;

export async function createJob(
  db: Database,
  input: {
    kind: JobKind;
    params: Record<string, unknown>;
    total?: number;
    projectId?: string | null;
    createdBy?: string | null;
    status?: Job['status'];
    lane?: string | null;
  },
): Promise<Job> {
  const [row] = await db
    .insert(jobs)
    .values({
      kind: input.kind,
      params: input.params,
      total: input.total ?? 0,
      projectId: input.projectId ?? null,
      createdBy: input.createdBy ?? null,
      status: input.status ?? 'queued',
      lane: input.lane ?? null,
    })
    .returning();
  return row!;
}

export async function getJobById(db: Database, { id }: { id: string }): Promise<Job | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

export async function listRecentJobs(db: Database, { kind, limit = 10 }: { kind?: JobKind; limit?: number } = {}): Promise<Job[]> {
  return db
    .select()
    .from(jobs)
    .where(kind ? eq(jobs.kind, kind) : undefined)
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
}

/**
 * Takes the oldest queued job of the given kinds whose lane has no running job, for `owner`. SKIP LOCKED keeps
 * two instances off the same row; the partial unique index jobs_one_running_per_lane refuses a second running
 * job of one lane when two instances claim in the same instant (the loser answers undefined and tries again).
 */
export async function claimNextJob(db: Database, { kinds, owner }: { kinds: readonly string[]; owner: string }): Promise<Job | undefined> {
  try {
    const [claimed] = rowsOf<{ id: string }>(
      await db.execute(sql`
        update jobs set status = 'running', updated_at = now(), claimed_by = ${owner}, attempts = attempts + 1
        where id = (select j.id from jobs j where j.status = 'queued' and j.kind = any(${`{${kinds.join(',')}}`}::text[])
                      and (j.lane is null or not exists (select 1 from jobs r where r.status = 'running' and r.lane = j.lane))
                    order by j.created_at for update skip locked limit 1)
        returning id`),
    );
    return claimed ? getJobById(db, { id: claimed.id }) : undefined;
  } catch (err) {
    if (/jobs_one_running_per_lane/.test(String((err as Error).message))) return undefined;
    throw err;
  }
}

/** The heartbeat of a running job: false when the job is no longer this owner's (recovered as stale meanwhile). */
export async function touchJob(db: Database, { id, owner }: { id: string; owner: string }): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ updatedAt: new Date() })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.claimedBy, owner)))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** A running job put back in the queue (its scheduler stopped; a resumable kind picks up on the next start). */
export async function requeueJob(db: Database, { id, owner }: { id: string; owner: string }) {
  await db
    .update(jobs)
    .set({ status: 'queued', claimedBy: null, updatedAt: new Date() })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.claimedBy, owner)));
}

export async function updateJobProgress(
  db: Database,
  { id, processed, total, failed, errors }: { id: string; processed: number; total?: number; failed?: number; errors?: JobError[] },
) {
  await db
    .update(jobs)
    .set({
      processed,
      ...(total !== undefined ? { total } : {}),
      ...(failed !== undefined ? { failed } : {}),
      ...(errors !== undefined ? { errors: errors.slice(0, MAX_JOB_ERRORS) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(jobs.id, id));
}

export async function finishJob(db: Database, { id, status, errors }: { id: string; status: 'done' | 'failed'; errors?: JobError[] }) {
  await db
    .update(jobs)
    .set({ status, finishedAt: new Date(), updatedAt: new Date(), ...(errors ? { errors: errors.slice(0, MAX_JOB_ERRORS) } : {}) })
    .where(eq(jobs.id, id));
}

export const INTERRUPTED: JobError = {
  code: 'interrupted',
  message: 'The job stopped when its server did (a restart or a crash) and cannot pick up where it stopped. Start it again.',
};

/**
 * Running jobs without a heartbeat for `staleAfterMs` (by the database's clock) lost their scheduler (a crash):
 * a resumable kind is queued again (up to `maxAttempts` starts), any other is failed with the reason — never
 * left running for ever. `staleAfterMs` 0 takes every running job (the embedded database: one process only).
 */
export async function recoverStaleJobs(
  db: Database,
  { staleAfterMs, resumableKinds, maxAttempts }: { staleAfterMs: number; resumableKinds: readonly string[]; maxAttempts: number },
): Promise<{ resumed: number; failed: number }> {
  const resume = sql`(kind = any(${`{${resumableKinds.join(',')}}`}::text[]) and attempts < ${maxAttempts})`;
  const rows = rowsOf<{ status: string }>(
    await db.execute(sql`
      update jobs set
        status = case when ${resume} then 'queued' else 'failed' end,
        claimed_by = null, updated_at = now(),
        finished_at = case when ${resume} then null else now() end,
        errors = case when ${resume} then errors else errors || ${JSON.stringify([INTERRUPTED])}::jsonb end
      where id in (select id from jobs where status = 'running'
                     and updated_at <= now() - make_interval(secs => ${staleAfterMs / 1000})
                   for update skip locked)
      returning status`),
  );
  return { resumed: rows.filter((r) => r.status === 'queued').length, failed: rows.filter((r) => r.status === 'failed').length };
}

/** A job that ended with an error: the error is added to its report (an import keeps its per-row problems). */
export async function failJob(db: Database, { id, error }: { id: string; error: JobError }) {
  await db.execute(sql`update jobs set status = 'failed', finished_at = now(), updated_at = now(),
    errors = errors || ${JSON.stringify([error])}::jsonb where id = ${id}`);
}
