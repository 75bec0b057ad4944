/**
 * Leases on periodic tasks (db/tables/scheduler.ts): an instance runs a task only while it holds the task's
 * row, so on a shared Postgres each task runs on one instance at a time, and its interval counts across all.
 */
import { desc, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { type ScheduledTask, scheduledTasks } from '../schema';

const secs = (ms: number) => sql`make_interval(secs => ${ms / 1000})`;

/**
 * Takes the task for `owner` for `leaseMs` when nobody holds it and its last start is `everyMs` ago or more.
 * Concurrent claims queue on the row lock and re-check the condition, so only one wins.
 */
export async function claimTask(
  db: Database,
  { name, owner, everyMs, leaseMs }: { name: string; owner: string; everyMs: number; leaseMs: number },
): Promise<boolean> {
  await db.insert(scheduledTasks).values({ name }).onConflictDoNothing();
  const rows = rowsOf(
    await db.execute(sql`update scheduled_tasks set owner = ${owner}, lease_until = now() + ${secs(leaseMs)}, last_started_at = now()
      where name = ${name} and (lease_until is null or lease_until < now())
        and (last_started_at is null or last_started_at <= now() - ${secs(everyMs)})
      returning name`),
  );
  return rows.length > 0;
}

/** The heartbeat of a running task: false when the lease was lost (it expired and another instance took it). */
export async function extendTaskLease(db: Database, { name, owner, leaseMs }: { name: string; owner: string; leaseMs: number }) {
  const rows = rowsOf(
    await db.execute(sql`update scheduled_tasks set lease_until = now() + ${secs(leaseMs)}
      where name = ${name} and owner = ${owner} returning name`),
  );
  return rows.length > 0;
}

export async function releaseTask(db: Database, { name, owner, error }: { name: string; owner: string; error: string | null }) {
  await db.execute(sql`update scheduled_tasks set owner = null, lease_until = null, last_finished_at = now(), last_error = ${error}
    where name = ${name} and owner = ${owner}`);
}

export async function listScheduledTasks(db: Database): Promise<ScheduledTask[]> {
  return db.select().from(scheduledTasks).orderBy(desc(scheduledTasks.name));
}
