/**
 * Imports as jobs of the scheduler: the upload is kept in job_files and queued; the job parses it as a stream
 * and stores every row; imports into one project run one at a time, even with two instances on Postgres.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@/db/client';
import { getJobById } from '@/db/queries/jobs';
import { rowsOf } from '@/db/rows';
import type { UserActor } from '@/lib/auth/actor';
import { generateDemoEvents } from '@/lib/demo/generator';
import { CSV_COLUMNS } from '@/lib/import/parse-file';
import { drainJobs, startScheduler } from '@/server/jobs/scheduler';
import { startImport } from '@/services/imports/start-import';
import { openTestDatabase, type TestDatabase, testDriver } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let admin: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  admin = await makeUser(t, 'admin');
});
afterAll(async () => t?.destroy());

const events = [...generateDemoEvents({ seed: 3, days: 30, end: new Date('2025-09-01T00:00:00Z') })].map((e) => e.event);

/** A demo event as a CSV row (the columns the file format names; tags as JSON, quoted). */
function csvRow(e: (typeof events)[number], id: string): string {
  const u = e.usage as Record<string, number | undefined>;
  const values: Record<string, unknown> = {
    event_id: id,
    timestamp: e.timestamp,
    mode: e.mode,
    task: e.task,
    user: e.user,
    provider: e.provider,
    model: e.model,
    input_tokens: u.input_tokens,
    cache_read_tokens: u.cache_read_tokens,
    output_tokens: u.output_tokens,
    latency_ms: e.latency_ms,
    status: e.status,
    tags: e.tags ? JSON.stringify(e.tags) : undefined,
  };
  return CSV_COLUMNS.map((c) => {
    const v = values[c];
    if (v === undefined || v === null) return '';
    const text = String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}

const countOf = async (projectId: string) =>
  rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from usage_events where project_id = ${projectId}`))[0]!.n;

describe('imports as jobs', () => {
  it('keeps the upload for its job, which parses it as a stream and stores every row', async () => {
    const N = Math.min(events.length, 12_000);
    expect(N).toBeGreaterThan(5_000);
    const project = await makeProject(t);
    const text = [CSV_COLUMNS.join(','), ...events.slice(0, N).map((e, i) => csvRow(e, `big-${i}`))].join('\n');
    const job = await startImport(as(t, admin), { project: project.slug, format: 'csv', filename: 'big.csv', text });
    expect(job).toMatchObject({ status: 'queued', total: N });
    // The request has ended; the file waits in job_files until a scheduler runs the job.
    const kept = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from job_files where job_id = ${job.id}`));
    expect(kept[0]!.n).toBe(1);
    await drainJobs(t);
    expect(await getJobById(t.db, { id: job.id })).toMatchObject({ status: 'done', processed: N, total: N, failed: 0 });
    expect(await countOf(project.id)).toBe(N);
    const left = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from job_files`));
    expect(left[0]!.n).toBe(0); // deleted once stored
  });

  it('fails an import whose stored file is gone with a reason, storing nothing', async () => {
    const project = await makeProject(t);
    const text = events
      .slice(0, 5)
      .map((e) => JSON.stringify(e))
      .join('\n');
    const job = await startImport(as(t, admin), { project: project.slug, format: 'jsonl', text });
    await t.db.execute(sql`delete from job_files where job_id = ${job.id}`);
    await drainJobs(t);
    const failed = await getJobById(t.db, { id: job.id });
    expect(failed?.status).toBe('failed');
    expect(failed?.errors).toEqual([expect.objectContaining({ code: 'not_found:job' })]);
    expect(await countOf(project.id)).toBe(0);
  });

  it.runIf(testDriver() === 'postgres')('runs imports into one project one at a time, across two instances', async () => {
    const project = await makeProject(t);
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      const text = events
        .slice(k * 2_000, (k + 1) * 2_000)
        .map((e, i) => JSON.stringify({ ...e, event_id: `lane-${k}-${i}` }))
        .join('\n');
      ids.push((await startImport(as(t, admin), { project: project.slug, format: 'jsonl', text })).id);
    }
    const second: DatabaseHandle = await openDatabase(t.target);
    const a = startScheduler(t, { pollMs: 10, tasks: [] });
    const b = startScheduler(second, { pollMs: 10, tasks: [] });
    let maxRunning = 0;
    try {
      for (;;) {
        const [row] = rowsOf<{ running: number; done: number }>(
          await t.db.execute(sql`select count(*) filter (where status = 'running')::int as running,
            count(*) filter (where status in ('done', 'failed'))::int as done from jobs where id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})`),
        );
        maxRunning = Math.max(maxRunning, row!.running);
        if (row!.done === ids.length) break;
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await second.close();
    }
    expect(maxRunning).toBe(1);
    expect(await countOf(project.id)).toBe(6_000);
  });
});
