/**
 * The one scheduler (server/jobs/scheduler.ts): a queued job runs after a restart with nothing else done, a
 * job whose scheduler crashed is resumed or failed visibly, invalid parameters queue nothing, and on one
 * Postgres database two instances run each job once and a periodic task never on both at a time.
 */
import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@/db/client';
import { createJob, getJobById } from '@/db/queries/jobs';
import { rowsOf } from '@/db/rows';
import { jobs } from '@/db/schema';
import { startScheduler } from '@/server/jobs/scheduler';
import { enqueueJob } from '@/services/jobs/enqueue-job';
import { defineJobKind, definePeriodicTask } from '@/services/jobs/job-kind';
import { openTestDatabase, type TestDatabase, testDriver } from '../helpers/database';
import { asSystem } from '../helpers/fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

const FAST = { pollMs: 20, heartbeatMs: 50, tasks: [] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await sleep(25);
  }
}
const jobOf = (id: string) => getJobById(t.db, { id });
const jobCount = async () => (await t.db.select({ n: count() }).from(jobs))[0]!.n;

describe('the scheduler', () => {
  it('refuses invalid parameters and unknown kinds with bad_request:job, queueing nothing', async () => {
    const before = await jobCount();
    await expect(enqueueJob(asSystem(t), { kind: 'reprice', params: { provider: '', model: 'x' } })).rejects.toMatchObject({
      code: 'bad_request:job',
    });
    await expect(
      enqueueJob(asSystem(t), { kind: 'reprice', params: { provider: 'a', model: 'b', from: 'yesterday' } }),
    ).rejects.toMatchObject({
      code: 'bad_request:job',
    });
    await expect(enqueueJob(asSystem(t), { kind: 'no-such-kind', params: {} })).rejects.toMatchObject({ code: 'bad_request:job' });
    expect(await jobCount()).toBe(before);
  });

  it('runs a job queued while no scheduler ran as soon as a new one starts, with no other action', async () => {
    const first = startScheduler(t, FAST);
    await first.idle();
    await first.stop();
    const job = await enqueueJob(asSystem(t), { kind: 'reprice', params: { provider: 'nobody', model: 'nothing' } });
    await sleep(100);
    expect((await jobOf(job.id))?.status).toBe('queued'); // nothing runs it while no scheduler is up
    const second = startScheduler(t, FAST);
    try {
      const done = await waitFor(
        'the job',
        () => jobOf(job.id),
        (j) => j?.status === 'done',
      );
      expect(done).toMatchObject({ status: 'done', attempts: 1, processed: 0, total: 0 });
    } finally {
      await second.stop();
    }
  });

  it('resumes a resumable job and visibly fails another when their scheduler crashed', async () => {
    const runs: string[] = [];
    const resumable = defineJobKind({
      kind: 'test-resumable',
      params: z.object({ n: z.number() }),
      resumable: true,
      run: async (job, { n }) => {
        runs.push(`resumable:${n}`);
        await job.progress({ processed: n, total: n });
      },
    });
    const once = defineJobKind({
      kind: 'test-once',
      params: z.object({}),
      run: async () => {
        runs.push('once');
      },
    });
    // A "crash": both were running on a scheduler that is gone, their heartbeat long stopped.
    const a = await createJob(t.db, { kind: 'test-resumable', params: { n: 3 } });
    const b = await createJob(t.db, { kind: 'test-once', params: {} });
    await t.db.execute(sql`update jobs set status = 'running', claimed_by = 'crashed', attempts = 1,
      updated_at = now() - interval '1 hour' where id in (${a.id}, ${b.id})`);
    const scheduler = startScheduler(t, { ...FAST, kinds: [resumable, once], staleAfterMs: 1_000 });
    try {
      await waitFor(
        'recovery',
        () => Promise.all([jobOf(a.id), jobOf(b.id)]),
        ([x, y]) => x?.status === 'done' && y?.status === 'failed',
      );
      expect(await jobOf(a.id)).toMatchObject({ status: 'done', attempts: 2, processed: 3 });
      const failed = await jobOf(b.id);
      expect(failed?.errors).toEqual([expect.objectContaining({ code: 'interrupted' })]);
      expect(failed?.finishedAt).not.toBeNull();
      expect(runs).toEqual(['resumable:3']); // the non-resumable one never ran twice
    } finally {
      await scheduler.stop();
    }
  });

  it('keeps a heartbeat on a running job and, stopped mid-job, queues a resumable job again', async () => {
    let started = 0;
    const slow = defineJobKind({
      kind: 'test-slow',
      params: z.object({}),
      resumable: true,
      run: async (job) => {
        started++;
        while (!job.signal.aborted) await sleep(20);
      },
    });
    const job = await createJob(t.db, { kind: 'test-slow', params: {} });
    const scheduler = startScheduler(t, { ...FAST, kinds: [slow] });
    const first = await waitFor(
      'start',
      () => jobOf(job.id),
      (j) => j?.status === 'running',
    );
    const later = await waitFor(
      'a heartbeat',
      () => jobOf(job.id),
      (j) => j!.updatedAt > first!.updatedAt,
    );
    expect(later?.status).toBe('running');
    await scheduler.stop();
    expect(await jobOf(job.id)).toMatchObject({ status: 'queued', claimedBy: null });
    expect(started).toBe(1);
    await t.db.delete(jobs).where(eq(jobs.id, job.id));
  });

  it('fails a job whose handler throws, with a reason, and goes on with the next', async () => {
    const boom = defineJobKind({
      kind: 'test-boom',
      params: z.object({}),
      run: async () => {
        throw new Error('disk on fire');
      },
    });
    const job = await createJob(t.db, { kind: 'test-boom', params: {} });
    const scheduler = startScheduler(t, { ...FAST, kinds: [boom] });
    try {
      const failed = await waitFor(
        'failure',
        () => jobOf(job.id),
        (j) => j?.status === 'failed',
      );
      expect(failed?.errors).toEqual([expect.objectContaining({ code: 'failed' })]);
      expect(JSON.stringify(failed?.errors)).not.toContain('disk on fire'); // no internals in the report
    } finally {
      await scheduler.stop();
    }
  });

  it.runIf(testDriver() === 'postgres')('two instances on one database run each job once and a periodic task one at a time', async () => {
    const second: DatabaseHandle = await openDatabase(t.target);
    const ran = new Map<number, string[]>();
    let active = 0;
    let maxActive = 0;
    let taskRuns = 0;
    const counted = defineJobKind({
      kind: 'test-counted',
      params: z.object({ i: z.number() }),
      run: async (job, { i }) => {
        ran.set(i, [...(ran.get(i) ?? []), job.actor?.kind ?? '']);
        await sleep(5);
      },
    });
    const task = definePeriodicTask({
      name: 'test-exclusive',
      everyMs: 0,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        taskRuns++;
        await sleep(40);
        active--;
      },
    });
    const N = 40;
    for (let i = 0; i < N; i++) await createJob(t.db, { kind: 'test-counted', params: { i } });
    const options = { ...FAST, kinds: [counted], tasks: [task] };
    const a = startScheduler(t, options);
    const b = startScheduler(second, options);
    try {
      await waitFor(
        'every job',
        async () => ran.size,
        (n) => n === N,
      );
      await sleep(600);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await second.close();
    }
    expect([...ran.values()].every((r) => r.length === 1)).toBe(true);
    const owners = rowsOf(await t.db.execute(sql`select distinct claimed_by from jobs where kind = 'test-counted'`));
    expect(owners.length).toBe(2); // both instances took work
    expect(taskRuns).toBeGreaterThanOrEqual(3);
    expect(maxActive).toBe(1);
  });
});
