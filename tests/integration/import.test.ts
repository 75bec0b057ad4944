import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { rowsOf } from '@/db/rows';
import type { UserActor } from '@/lib/auth/actor';
import { generateDemoEvents } from '@/lib/demo/generator';
import { type Scheduler, startScheduler } from '@/server/jobs/scheduler';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { as, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null, user: null as UserActor | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => current.user }));

let t: TestDatabase;
let admin: UserActor;
let project: { id: string; slug: string };
let importKey: string;
let scheduler: Scheduler;
beforeAll(async () => {
  t = await openTestDatabase();
  scheduler = startScheduler(t, { pollMs: 20, tasks: [] }); // runs the import jobs, as the server's does
  current.handle = t;
  admin = await makeUser(t, 'admin');
  project = await makeProject(t);
  importKey = (await createApiKey(as(t, admin), { projectId: project.id, name: 'backfill', scopes: ['import'] })).secret;
});
afterAll(async () => {
  await scheduler?.stop();
  await t?.destroy();
});

async function upload(body: string, query: string, headers: Record<string, string> = {}) {
  const { POST } = await import('@/app/api/v1/imports/route');
  const res = await POST(new Request(`http://localhost/api/v1/imports?${query}`, { method: 'POST', body, headers }));
  return { status: res.status, body: await res.json() };
}

async function waitForJob(id: string, headers: Record<string, string> = {}) {
  const { GET } = await import('@/app/api/v1/jobs/[id]/route');
  for (let i = 0; i < 200; i++) {
    const res = await GET(new Request(`http://localhost/api/v1/jobs/${id}`, { headers }), { params: Promise.resolve({ id }) });
    const job = await res.json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

const old = [...generateDemoEvents({ seed: 21, days: 3, end: new Date('2025-06-01T00:00:00Z') })].map((e) => e.event);

describe('backfill import', () => {
  it('imports a year-old JSONL file as an admin, reporting refused lines by number', async () => {
    current.user = admin;
    const lines = old.slice(0, 300).map((e) => JSON.stringify(e));
    lines.splice(10, 0, '{broken');
    lines.splice(20, 0, JSON.stringify({ ...old[0], event_id: 'neg', usage: { input_tokens: -5, output_tokens: 1 } }));
    const res = await upload(lines.join('\n'), `project=${project.slug}&format=jsonl&filename=history.jsonl`);
    expect(res.status).toBe(202);
    const job = await waitForJob(res.body.job.id);
    expect(job).toMatchObject({ status: 'done', total: 302, processed: 302, failed: 2, label: 'Import history.jsonl' });
    expect(job.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [11, 'invalid_json'],
      [21, 'tokens_out_of_range'],
    ]);
    const [n] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from usage_events where project_id = ${project.id}`),
    );
    expect(n!.n).toBe(300);
  });

  it('imports CSV with an API key that has the import scope; a re-import stores nothing twice', async () => {
    current.user = null;
    const header = 'event_id,timestamp,mode,provider,model,input_tokens,cache_read_tokens,output_tokens,tags';
    const body = [
      header,
      'csv-1,2025-03-01T10:00:00Z,Code,anthropic,claude-sonnet-4-5,10000,8000,1000,team=payments;env=prod',
      'csv-2,2025-03-01T11:00:00Z,ask,openai,gpt-5-mini,1000,,200,"{""team"":""infra""}"',
      'csv-3,2025-03-01T12:00:00Z,ask,openai,gpt-5-mini,lots,,200,',
    ].join('\n');
    const auth = { authorization: `Bearer ${importKey}` };
    const first = await upload(body, 'format=csv', auth);
    expect(first.status).toBe(202);
    const job = await waitForJob(first.body.job.id, auth);
    expect(job).toMatchObject({ status: 'done', total: 3, failed: 1 });
    expect(job.errors).toEqual([{ row: 4, code: 'invalid_event', message: expect.stringContaining('usage.input_tokens') }]);
    const stored = rowsOf<{ event_id: string; mode: string; cost: string; tags: unknown }>(
      await t.db.execute(
        sql`select event_id, mode, cost_micros::text as cost, tags from usage_events where event_id like 'csv-%' order by event_id`,
      ),
    );
    // 2,000×3 + 8,000×0.30 + 1,000×15 = 23,400 µ$; 1,000×0.25 + 200×2 = 650 µ$.
    expect(stored).toEqual([
      { event_id: 'csv-1', mode: 'code', cost: '23400', tags: { team: 'payments', env: 'prod' } },
      { event_id: 'csv-2', mode: 'ask', cost: '650', tags: { team: 'infra' } },
    ]);
    const again = await waitForJob((await upload(body, 'format=csv', auth)).body.job.id, auth);
    expect(again.status).toBe('done');
    const [n] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from usage_events where event_id like 'csv-%'`));
    expect(n!.n).toBe(2);
  });

  it('refuses a CSV without the required columns, a missing format, viewers and unknown projects', async () => {
    current.user = admin;
    expect((await upload('a,b\n1,2', `project=${project.slug}&format=csv`)).body.error.code).toBe('bad_request:api');
    expect((await upload('{}', `project=${project.slug}`)).body.error.code).toBe('bad_request:api');
    expect((await upload('{}', 'project=nope&format=jsonl')).body.error.code).toBe('not_found:project');
    current.user = await makeUser(t, 'viewer');
    expect((await upload('{}', `project=${project.slug}&format=jsonl`)).status).toBe(403);
  });
});
