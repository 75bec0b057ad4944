/**
 * Retention never breaks idempotency: an event id once accepted stays a duplicate after its month of raw
 * events is dropped, so importing the same history again adds nothing to the rollups.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { applyRetention, listEventPartitions } from '@/db/ingest/retention';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { rowsOf } from '@/db/rows';
import { parseImportFile } from '@/lib/import/parse-file';
import { type Scheduler, startScheduler } from '@/server/jobs/scheduler';
import { storeImportRows } from '@/services/imports/run-import';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let projectId: string;
let auth: Record<string, string>;
let scheduler: Scheduler;
beforeAll(async () => {
  t = await openTestDatabase();
  scheduler = startScheduler(t, { pollMs: 20, tasks: [] }); // runs the import jobs, as the server's does
  current.handle = t;
  const admin = await makeUser(t, 'admin');
  projectId = (await makeProject(t)).id;
  const secret = (await createApiKey(as(t, admin), { projectId, name: 'backfill', scopes: ['import'] })).secret;
  auth = { authorization: `Bearer ${secret}` };
});
afterAll(async () => {
  await scheduler?.stop();
  await t?.destroy();
});

/** Imports a JSONL body through POST /api/v1/imports and waits for its job to finish. */
async function importJsonl(lines: object[]) {
  const { POST } = await import('@/app/api/v1/imports/route');
  const { GET } = await import('@/app/api/v1/jobs/[id]/route');
  const res = await POST(
    new Request('http://localhost/api/v1/imports?format=jsonl', {
      method: 'POST',
      headers: auth,
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
    }),
  );
  expect(res.status).toBe(202);
  const id = (await res.json()).job.id as string;
  for (let i = 0; i < 200; i++) {
    const job = await (
      await GET(new Request(`http://localhost/api/v1/jobs/${id}`, { headers: auth }), { params: Promise.resolve({ id }) })
    ).json();
    if (job.status === 'done' || job.status === 'failed') return job as { status: string };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import job did not finish');
}

async function hourly() {
  return rowsOf<{ requests: string; input: string; cost: string }>(
    await t.db.execute(sql`select sum(requests)::text as requests, sum(input_tokens)::text as input, sum(cost_micros)::text as cost
      from usage_hourly where project_id = ${projectId}`),
  );
}

async function countWhere(table: 'usage_events' | 'usage_event_ids', eventId: string) {
  const [row] = rowsOf<{ n: number }>(
    await t.db.execute(sql`select count(*)::int as n from ${sql.raw(table)} where project_id = ${projectId} and event_id = ${eventId}`),
  );
  return row!.n;
}

describe('retention and idempotency', () => {
  it('an imported event whose month retention dropped is a duplicate when imported again; usage_hourly is unchanged', async () => {
    const event = {
      event_id: 'backfill-0001',
      timestamp: '2025-03-10T12:00:00Z',
      mode: 'code',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { input_tokens: 12_000, cache_read_tokens: 10_000, output_tokens: 800 },
    };
    expect(await importJsonl([event])).toMatchObject({ status: 'done' });
    expect(await countWhere('usage_events', 'backfill-0001')).toBe(1);
    const before = await hourly();
    // 2,000×3 + 10,000×0.30 + 800×15 = 21,000 µ$ (Sonnet 4.5).
    expect(before).toEqual([{ requests: '1', input: '12000', cost: '21000' }]);

    const dropped = await applyRetention(t, { months: 2, now: new Date('2026-12-01T00:00:00Z') });
    expect(dropped).toContain('usage_events_202503');
    expect(await listEventPartitions(t)).not.toContain('usage_events_202503');
    expect(await countWhere('usage_events', 'backfill-0001')).toBe(0);
    expect(await countWhere('usage_event_ids', 'backfill-0001')).toBe(1);

    // Imported again (the import job stores rows with storeImportRows; called here to read its counts).
    async function* rows() {
      yield* parseImportFile(JSON.stringify(event), 'jsonl');
    }
    expect(await storeImportRows(asSystem(t), { projectId, rows: rows() })).toMatchObject({ accepted: 0, duplicates: 1, refused: 0 });
    expect(await importJsonl([event])).toMatchObject({ status: 'done' });
    expect(await countWhere('usage_events', 'backfill-0001')).toBe(0);
    expect(await hourly()).toEqual(before);
  });
});
