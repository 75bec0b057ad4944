import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { generateDemoEvents } from '@/lib/demo/generator';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';
import { as, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let projectId: string;
let key: string;
let readOnlyKey: string;
beforeAll(async () => {
  process.env.SWITCHYARD_INGEST_RATE_PER_KEY = '5';
  t = await openTestDatabase();
  current.handle = t;
  const admin = await makeUser(t, 'admin');
  projectId = (await makeProject(t)).id;
  key = (await createApiKey(as(t, admin), { projectId, name: 'gw', scopes: ['ingest'] })).secret;
  readOnlyKey = (await createApiKey(as(t, admin), { projectId, name: 'ro', scopes: ['routing:read'] })).secret;
});
afterAll(async () => {
  delete process.env.SWITCHYARD_INGEST_RATE_PER_KEY;
  await t?.destroy();
});

const now = new Date();
const fresh = (n: number, seed: number) =>
  [...generateDemoEvents({ seed, days: 1, end: now })]
    .slice(0, n)
    .map((e) => ({ ...e.event, timestamp: new Date(now.getTime() - 60_000).toISOString() }));

async function post(body: string, opts: { secret?: string | null; contentType?: string; headers?: Record<string, string> } = {}) {
  const { POST } = await import('@/app/api/v1/events/route');
  const secret = opts.secret === undefined ? key : opts.secret;
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json', ...(opts.headers ?? {}) };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await POST(new Request('http://localhost/api/v1/events', { method: 'POST', body, headers }));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

async function storedCount(): Promise<number> {
  return rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from usage_events where project_id = ${projectId}`))[0]!.n;
}

// Each test gets a fresh rate-limit budget of 5 requests by resetting the process-wide limiter.
const resetLimiter = () => delete (globalThis as { __switchyardIngestLimiter?: unknown }).__switchyardIngestLimiter;

describe('POST /api/v1/events', () => {
  it('accepts JSON, stores priced events in the key’s project, and reports duplicates and rejections', async () => {
    resetLimiter();
    const events = fresh(20, 1);
    const tooOld = { ...events[0]!, event_id: 'old-1', timestamp: new Date(now.getTime() - 40 * 86_400_000).toISOString() };
    const future = { ...events[0]!, event_id: 'future-1', timestamp: new Date(now.getTime() + 10 * 60_000).toISOString() };
    const wrongType = { ...events[0]!, event_id: 'type-1', usage: { input_tokens: '12', output_tokens: 1 } };
    const negative = { ...events[0]!, event_id: 'neg-1', usage: { input_tokens: -1, output_tokens: 1 } };
    const fractional = { ...events[0]!, event_id: 'frac-1', usage: { input_tokens: 1.5, output_tokens: 1 } };
    const absurd = { ...events[0]!, event_id: 'absurd-1', usage: { input_tokens: 5e9, output_tokens: 1 } };
    const reasoning = { ...events[0]!, event_id: 'reason-1', usage: { input_tokens: 10, output_tokens: 1, reasoning_tokens: 2 } };
    const bigTags = {
      ...events[0]!,
      event_id: 'tags-1',
      tags: { a: 'x'.repeat(256), b: 'x'.repeat(256), c: 'x'.repeat(256), d: 'x'.repeat(256) },
    };
    const body = JSON.stringify({
      events: [...events, tooOld, future, wrongType, negative, fractional, absurd, reasoning, bigTags, events[0]],
    });
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(20);
    expect(res.body.duplicates).toBe(1);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [20, 'timestamp_too_old'],
      [21, 'timestamp_in_future'],
      [22, 'invalid_event'],
      [23, 'tokens_out_of_range'],
      [24, 'tokens_out_of_range'],
      [25, 'tokens_out_of_range'],
      [26, 'reasoning_exceeds_output'],
      [27, 'invalid_event'],
    ]);
    expect(res.body.rejected[7].message).toBe('tags: At most 1,024 bytes of tags (as JSON).');
    expect(await storedCount()).toBe(20);
    const again = await post(JSON.stringify({ events }));
    expect(again.body).toEqual({ accepted: 0, duplicates: 20, rejected: [] });
  });

  it('accepts NDJSON, refusing a malformed line alone', async () => {
    resetLimiter();
    const events = fresh(3, 2);
    const body = [JSON.stringify(events[0]), '{not json', '', JSON.stringify(events[1]), JSON.stringify(events[2])].join('\n');
    const res = await post(body, { contentType: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 3, duplicates: 0, rejected: [{ index: 1, code: 'invalid_json', message: expect.any(String) }] });
  });

  it('refuses a malformed JSON body and a body without an events array, storing nothing', async () => {
    resetLimiter();
    const before = await storedCount();
    expect((await post('{"events": [')).body.error.code).toBe('bad_request:json');
    expect((await post('{"items": []}')).status).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it('refuses more than 10,000 events or 10 MB with 413', async () => {
    resetLimiter();
    const many = JSON.stringify({ events: Array.from({ length: 10_001 }, () => ({})) });
    expect((await post(many)).status).toBe(413);
    const big = `{"events": [${'"x",'.repeat(2_700_000)}"x"]}`;
    const res = await post(big);
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large:api']);
  });

  it('refuses a missing, unknown, wrong-scope or revoked key', async () => {
    resetLimiter();
    const body = JSON.stringify({ events: fresh(1, 3) });
    expect((await post(body, { secret: null })).body.error.code).toBe('unauthorized:api_key');
    expect((await post(body, { secret: `sy_aaaaaaaa_${'a'.repeat(40)}` })).status).toBe(401);
    expect((await post(body, { secret: readOnlyKey })).body.error.code).toBe('forbidden:api_key');
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    resetLimiter();
    const body = JSON.stringify({ events: [] });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // 40 back-to-back requests against a burst of 10 refilled at 5/s: some must be refused however slow the machine.
    for (let i = 0; i < 40; i++) {
      const res = await post(body);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.retryAfter;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(10); // burst of 2 × 5/s
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('answers 503 and stores nothing when the database fails mid-batch', async () => {
    resetLimiter();
    const before = await storedCount();
    const reset = async () => Promise.reject(Object.assign(new Error('connection reset'), { code: '08006' }));
    // The write statement runs through rawPrepared on Postgres and through rawSequence on PGlite.
    const failing: DatabaseHandle = { ...t, rawPrepared: reset, rawSequence: reset };
    current.handle = failing;
    try {
      const res = await post(JSON.stringify({ events: fresh(5, 4) }));
      expect([res.status, res.body.error.code]).toEqual([503, 'unavailable:database']);
      expect(JSON.stringify(res.body)).not.toContain('connection reset');
    } finally {
      current.handle = t;
    }
    expect(await storedCount()).toBe(before);
  });

  it('refuses a revoked key', async () => {
    resetLimiter();
    const admin = await makeUser(t, 'admin', 'revoker@example.com');
    const created = await createApiKey(as(t, admin), { projectId, name: 'temp', scopes: ['ingest'] });
    await revokeApiKey(as(t, admin), { projectId, id: created.key.id });
    const res = await post(JSON.stringify({ events: [] }), { secret: created.secret });
    expect([res.status, res.body.error.code]).toEqual([401, 'unauthorized:api_key']);
  });
});
