import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUsageSummary, insertUsageEvents } from '@/db/queries/usage-events';
import { generateDemoEvents } from '@/lib/demo/generator';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeProject } from '../helpers/fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

describe('usage event insertion (the path demo data and ingestion share)', () => {
  it('stores a batch once: a re-sent id is a duplicate and never overwrites', async () => {
    const project = await makeProject(t.db);
    const events = [...generateDemoEvents({ seed: 1, days: 2, end: new Date('2026-11-01T00:00:00Z') })].map((e) => e.event);
    expect(events.length).toBeGreaterThan(50);
    expect(await insertUsageEvents(t.db, { projectId: project.id, events })).toEqual({ accepted: events.length, duplicates: 0 });

    const changed = { ...events[0]!, inputTokens: 1, model: 'something-else' };
    expect(await insertUsageEvents(t.db, { projectId: project.id, events: [changed, ...events.slice(1, 10)] })).toEqual({ accepted: 0, duplicates: 10 });
    const stored = await t.db.query.usageEvents.findFirst({ where: (u, { eq }) => eq(u.eventId, events[0]!.eventId) });
    expect(stored).toMatchObject({ model: events[0]!.model, inputTokens: events[0]!.inputTokens });

    const summary = await getUsageSummary(t.db);
    expect(summary.events).toBe(events.length);
    expect(summary.projects).toBe(1);
    expect(summary.sessions).toBe(new Set(events.map((e) => e.sessionId)).size);
  });

  it('keeps the same event id apart in two projects', async () => {
    const [a, b] = [await makeProject(t.db), await makeProject(t.db)];
    const [event] = [...generateDemoEvents({ seed: 2, days: 1, end: new Date('2026-11-01T00:00:00Z') })].map((e) => e.event);
    expect((await insertUsageEvents(t.db, { projectId: a.id, events: [event!] })).accepted).toBe(1);
    expect((await insertUsageEvents(t.db, { projectId: b.id, events: [event!] })).accepted).toBe(1);
  });

  it('stores nothing from a batch whose insert fails', async () => {
    const project = await makeProject(t.db);
    const before = (await getUsageSummary(t.db)).events;
    const good = { ...[...generateDemoEvents({ seed: 3, days: 1, end: new Date('2026-11-01T00:00:00Z') })][0]!.event, eventId: 'good-1' };
    const bad = { ...good, eventId: 'bad-1', inputTokens: Number.NaN };
    await expect(insertUsageEvents(t.db, { projectId: project.id, events: [good, bad] })).rejects.toThrow();
    expect((await getUsageSummary(t.db)).events).toBe(before);
  });
});
