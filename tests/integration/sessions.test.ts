import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSessionById, listSessionTurns, listTopSessions } from '@/db/queries/sessions';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';

let t: TestDatabase;
let projectId: string;
const END = new Date('2026-11-01T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projectId = (await makeProject(t)).id;
  const items = [...generateDemoEvents({ seed: 41, days: 10, end: END })].map((e) => ({ ok: true as const, value: e.event }));
  await ingestItems(asSystem(t), { projectId, items, window: { now: END, lateArrivalDays: null } });
});
afterAll(async () => t?.destroy());

describe('sessions', () => {
  it('ranks sessions by cost, within a period and a project', async () => {
    const top = await listTopSessions(t.db, { from: null, projectId, limit: 20 });
    expect(top.length).toBe(20);
    const costs = top.map((s) => s.costMicros);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    const recent = await listTopSessions(t.db, { from: new Date('2026-10-29T00:00:00Z'), projectId });
    expect(recent.every((s) => s.lastAt >= new Date('2026-10-29T00:00:00Z'))).toBe(true);
    expect(await listTopSessions(t.db, { from: null, projectId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });

  it('reads every turn of a session through the primary key, adding up exactly to the session rollup', async () => {
    const [costliest] = await listTopSessions(t.db, { from: null, projectId, limit: 1 });
    const found = await getSessionById(t.db, { projectId, sessionId: costliest!.sessionId });
    const turns = await listSessionTurns(t.db, {
      projectId,
      sessionId: costliest!.sessionId,
      firstAt: found!.session.firstAt,
      lastAt: found!.session.lastAt,
    });
    expect(turns.length).toBe(found!.session.requests);
    expect(turns.map((x) => x.turn)).toEqual(turns.map((_, i) => i + 1));
    expect(turns.reduce((n, x) => n + (x.costMicros ?? 0), 0)).toBe(found!.session.costMicros);
    expect(turns.reduce((n, x) => n + x.inputTokens, 0)).toBe(found!.session.inputTokens);
    // The context grows: the last turn re-sends far more than the first.
    expect(turns.at(-1)!.inputTokens).toBeGreaterThan(turns[0]!.inputTokens);
  });
});
