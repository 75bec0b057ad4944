import { and, desc, eq, lt, sql } from 'drizzle-orm';
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

/** Takes the oldest queued job of the given kinds, so two runners never take the same one. */
export async function claimNextJob(db: Database, { kinds }: { kinds: readonly JobKind[] }): Promise<Job | undefined> {
  const [claimed] = rowsOf<{ id: string }>(
    await db.execute(sql`
      update jobs set status = 'running', updated_at = now()
      where id = (select id from jobs where status = 'queued' and kind = any(${`{${kinds.join(',')}}`}::text[])
                  order by created_at for update skip locked limit 1)
      returning id`),
  );
  return claimed ? getJobById(db, { id: claimed.id }) : undefined;
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

/** A running job whose runner stopped (restart, crash) is marked failed so it can be started again. */
export async function failStaleJobs(db: Database, { olderThan }: { olderThan: Date }): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({
      status: 'failed',
      finishedAt: new Date(),
      errors: [{ code: 'interrupted', message: 'The job stopped (the server restarted). Start it again.' }],
    })
    .where(and(eq(jobs.status, 'running'), lt(jobs.updatedAt, olderThan)))
    .returning({ id: jobs.id });
  return rows.length;
}
