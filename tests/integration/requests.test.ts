import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestByKey, listRequestFilterValues, listRequests } from '@/db/queries/requests';
import { decodeCursor, encodeCursor } from '@/lib/usage/request-cursor';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';

let t: TestDatabase;
let projectId: string;
let total: number;
const END = new Date('2026-11-01T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projectId = (await makeProject(t)).id;
  const items = [...generateDemoEvents({ seed: 51, days: 4, end: END })].map((e) => ({ ok: true as const, value: e.event }));
  total = (await ingestItems(asSystem(t), { projectId, items, window: { now: END, lateArrivalDays: null } })).accepted;
});
afterAll(async () => t?.destroy());

describe('requests (keyset pagination)', () => {
  it('walks every request exactly once, newest first, page by page', async () => {
    const seen: string[] = [];
    let before = null;
    let last = Infinity;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await listRequests(t.db, { projectId, filters: {}, before, limit: 97 });
      for (const r of page.rows) {
        expect(r.occurredAt.getTime()).toBeLessThanOrEqual(last);
        last = r.occurredAt.getTime();
        seen.push(r.eventId);
      }
      if (!page.next) break;
      before = decodeCursor(encodeCursor(page.next));
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters by mode, model and status, and finds one request by its cursor', async () => {
    const values = await listRequestFilterValues(t.db, { projectId });
    expect(values.mode).toContain('code');
    const page = await listRequests(t.db, { projectId, filters: { values: { mode: ['ask'], status: ['ok'] } }, before: null, limit: 500 });
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.mode === 'ask' && r.status === 'ok')).toBe(true);
    const one = page.rows[3]!;
    expect(await getRequestByKey(t.db, { projectId, occurredAt: one.occurredAt, eventId: one.eventId })).toMatchObject({
      eventId: one.eventId,
      costMicros: one.costMicros,
    });
  });

  it('takes the explorer filters too: any dimension, tags, a period — and matches the explorer count', async () => {
    const first = (await listRequests(t.db, { projectId, filters: {}, before: null, limit: 1 })).rows[0]!;
    const to = new Date(first.occurredAt.getTime() + 1);
    const from = new Date(to.getTime() - 3 * 86_400_000);
    const filters = { values: { user: [first.userId!], task: [first.task!] }, tags: { env: [first.tags.env!] }, from, to };
    const rows: { occurredAt: Date; userId: string | null; task: string | null; tags: Record<string, string> }[] = [];
    let before = null;
    do {
      const page = await listRequests(t.db, { projectId, filters, before, limit: 50 });
      rows.push(...page.rows);
      before = page.next;
    } while (before);
    expect(rows.length).toBeGreaterThan(0);
    expect(
      rows.every(
        (r) =>
          r.userId === first.userId && r.task === first.task && r.tags.env === first.tags.env && r.occurredAt >= from && r.occurredAt < to,
      ),
    ).toBe(true);
    const { aggregateUsage } = await import('@/db/queries/usage-aggregate');
    const { rows: agg } = await aggregateUsage(t.db, {
      from,
      to,
      timeZone: 'UTC',
      granularity: null,
      groupBy: [],
      filter: { projectIds: [projectId], values: filters.values, tags: filters.tags },
    });
    expect(agg.reduce((a, r) => a + r.requests, 0)).toBe(rows.length);
  });

  it('rejects a malformed cursor instead of failing', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });
});
