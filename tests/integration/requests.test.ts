import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDimensionValuesLike } from '@/db/queries/dimension-values';
import { findRequestIds, getRequestByEventId, listRequests, type RequestRow } from '@/db/queries/requests';
import { aggregateUsage } from '@/db/queries/usage-aggregate';
import type { UserActor } from '@/lib/auth/actor';
import { generateDemoEvents } from '@/lib/demo/generator';
import { decodeCursor, encodeCursor, type RequestCursor } from '@/lib/usage/request-cursor';
import { resolveFilterValues } from '@/services/explorer/resolve-filter-values';
import { ingestItems } from '@/services/ingest/ingest-items';
import { listRequests as listRequestsService } from '@/services/requests/list-requests';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let viewer: UserActor;
/** Two projects holding the very same events (ids and times tie across projects), and one of its own. */
let twinA: string;
let twinB: string;
let other: string;
let total: number;
const END = new Date('2026-11-01T00:00:00Z');

async function load(projectId: string, seed: number, days: number) {
  const items = [...generateDemoEvents({ seed, days, end: END })].map((e) => ({ ok: true as const, value: e.event }));
  return (await ingestItems(asSystem(t), { projectId, items, window: { now: END, lateArrivalDays: null } })).accepted;
}

async function walk(projectIds: string[] | null, filters: Parameters<typeof listRequests>[1]['filters'], limit = 97) {
  const rows: Awaited<ReturnType<typeof listRequests>>['rows'] = [];
  let before: RequestCursor | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listRequests(t.db, { projectIds, filters, before, limit });
    rows.push(...page.rows);
    if (!page.next) break;
    before = decodeCursor(encodeCursor(page.next));
  }
  return rows;
}

beforeAll(async () => {
  t = await openTestDatabase();
  viewer = await makeUser(t, 'viewer');
  [twinA, twinB, other] = await Promise.all([makeProject(t), makeProject(t), makeProject(t)]).then((ps) => ps.map((p) => p.id));
  total = (await load(twinA!, 51, 3)) + (await load(twinB!, 51, 3)) + (await load(other!, 52, 2));
});
afterAll(async () => t?.destroy());

describe('requests across projects (keyset pagination)', () => {
  it('walks every request of every project exactly once, newest first, even where times and ids tie across projects', async () => {
    const rows = await walk(null, {});
    expect(rows.length).toBe(total);
    expect(new Set(rows.map((r) => `${r.projectId}/${r.eventId}`)).size).toBe(total);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.occurredAt.getTime()).toBeLessThanOrEqual(rows[i - 1]!.occurredAt.getTime());
    // The twins' first page interleaves both projects at each instant.
    const first = await listRequests(t.db, { projectIds: [twinA, twinB], filters: {}, before: null, limit: 4 });
    expect(new Set(first.rows.map((r) => r.projectId))).toEqual(new Set([twinA, twinB]));
  });

  it('matches filter values without regard to case, and counts what the explorer counts for the same filters', async () => {
    const [sample] = (await listRequests(t.db, { projectIds: [other], filters: {}, before: null, limit: 1 })).rows;
    const user = sample!.userId!;
    const typed = {
      values: { user: [user.toUpperCase()], mode: [sample!.mode!.toUpperCase()] },
      tags: { env: [sample!.tags.env!.toUpperCase()] },
    };
    const ctx = as(t, viewer);
    const rows: RequestRow[] = [];
    let before: RequestCursor | null = null;
    do {
      const page = await listRequestsService(ctx, { projectIds: null, filters: typed, before });
      rows.push(...page.rows);
      before = page.next;
    } while (before);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.userId === user && r.mode === sample!.mode && r.tags.env === sample!.tags.env)).toBe(true);
    const exact = await walk(null, { values: { user: [user], mode: [sample!.mode!] }, tags: { env: [sample!.tags.env!] } });
    expect(rows).toEqual(exact);
    // The raw query itself compares exactly: the service resolved the spellings.
    expect(await walk(null, typed)).toEqual([]);
    const filters = { values: { user: [user], mode: [sample!.mode!] }, tags: { env: [sample!.tags.env!] } };
    const { rows: agg } = await aggregateUsage(t.db, {
      from: new Date('2026-01-01T00:00:00Z'),
      to: END,
      timeZone: 'UTC',
      granularity: null,
      groupBy: [],
      filter: { projectIds: [], values: { user: [user], mode: [sample!.mode!] }, tags: filters.tags },
    });
    expect(agg.reduce((a, r) => a + r.requests, 0)).toBe(rows.length);
  });

  it('finds an id in any project by key: as an event id, as a session id', async () => {
    const [sample] = (await listRequests(t.db, { projectIds: [other], filters: {}, before: null, limit: 1 })).rows;
    const found = await findRequestIds(t.db, { ids: [sample!.eventId, sample!.sessionId!], projectIds: null });
    expect(found.events).toEqual([{ projectId: other, eventId: sample!.eventId, occurredAt: sample!.occurredAt }]);
    expect(found.sessions.map((s) => [s.projectId, s.sessionId])).toEqual([[other, sample!.sessionId]]);
    expect(await getRequestByEventId(t.db, { projectId: other, eventId: sample!.eventId })).toMatchObject({
      costMicros: sample!.costMicros,
    });
    expect(await getRequestByEventId(t.db, { projectId: twinA, eventId: sample!.eventId })).toBeUndefined();

    const ctx = as(t, viewer);
    const byEvent = await listRequestsService(ctx, { projectIds: null, filters: { id: sample!.eventId }, before: null });
    expect(byEvent.rows.map((r) => [r.projectId, r.eventId])).toEqual([[other, sample!.eventId]]);
    expect(byEvent.search?.events).toHaveLength(1);
    const bySession = await listRequestsService(ctx, { projectIds: null, filters: { id: sample!.sessionId! }, before: null });
    expect(bySession.rows.length).toBeGreaterThan(0);
    expect(bySession.rows.every((r) => r.projectId === other && r.sessionId === sample!.sessionId)).toBe(true);
    const bySessionFilter = await listRequestsService(ctx, { projectIds: null, filters: { sessions: [sample!.sessionId!] }, before: null });
    expect(bySessionFilter.rows).toEqual(bySession.rows);
    const none = await listRequestsService(ctx, { projectIds: null, filters: { id: 'no-such-id' }, before: null });
    expect(none).toMatchObject({ rows: [], next: null, search: { events: [], sessions: [] } });
    // The twins hold the same ids: a search finds both.
    const [twin] = (await listRequests(t.db, { projectIds: [twinA], filters: {}, before: null, limit: 1 })).rows;
    const both = await listRequestsService(ctx, { projectIds: null, filters: { id: twin!.eventId }, before: null });
    expect(new Set(both.rows.map((r) => r.projectId))).toEqual(new Set([twinA, twinB]));
  });

  it('resolves typed explorer values to the stored spellings through the rollups', async () => {
    const [sample] = (await listRequests(t.db, { projectIds: [other], filters: {}, before: null, limit: 1 })).rows;
    const window = { fromDay: '2026-01-01', toDay: '2026-11-01', from: new Date('2026-01-01T00:00:00Z'), to: END };
    expect(await listDimensionValuesLike(t.db, { dimension: 'user', values: [sample!.userId!.toUpperCase()], window })).toEqual([
      sample!.userId,
    ]);
    const resolved = await resolveFilterValues(as(t, viewer), {
      values: { user: [sample!.userId!.toUpperCase()], mode: ['CODE'], model: ['no-such-model'] },
      tags: { env: ['PROD'] },
      window,
    });
    expect(resolved).toEqual({
      values: { user: [sample!.userId], mode: ['code'], model: ['no-such-model'] },
      tags: { env: ['prod'] },
    });
  });

  it('rejects a malformed cursor instead of failing', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor(Buffer.from('2026-01-01T00:00:00.000Z|not-a-uuid|x').toString('base64url'))).toBeNull();
  });
});
