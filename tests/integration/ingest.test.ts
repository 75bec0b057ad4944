import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoEvents, type DemoUsageEvent } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';
import { grainTotalsDifferingFromRaw, NO_DIFFERENCES, rawAndRollupSums, rollupRowsDifferingFromRaw } from '../helpers/rollups';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

const END = new Date('2026-11-01T00:00:00Z');
const WINDOW = { now: END, lateArrivalDays: null };
const items = (events: unknown[]) => events.map((value) => ({ ok: true as const, value }));
const demo = (seed: number, days: number) => [...generateDemoEvents({ seed, days, end: END })].map((e) => e.event);

async function rows<T = Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await t.db.execute(query));
}

describe('ingesting a batch', () => {
  it('stores valid events, refuses bad ones by index, and counts re-sent ids as duplicates that never overwrite', async () => {
    const project = await makeProject(t);
    const events = demo(1, 3);
    const bad = { ...events[0]!, event_id: 'bad-1', usage: { input_tokens: 10, cache_read_tokens: 20, output_tokens: 1 } };
    const first = await ingestItems(asSystem(t), {
      projectId: project.id,
      items: [...items(events), ...items([bad]), { ok: false, code: 'invalid_json' }],
      window: WINDOW,
    });
    expect(first).toEqual({
      accepted: events.length,
      duplicates: 0,
      rejected: [
        { index: events.length, code: 'cache_exceeds_input', message: expect.any(String) },
        { index: events.length + 1, code: 'invalid_json', message: expect.any(String) },
      ],
    });

    const changed: DemoUsageEvent = { ...events[0]!, model: 'gpt-5-nano', usage: { input_tokens: 1, output_tokens: 1 } };
    const again = await ingestItems(asSystem(t), {
      projectId: project.id,
      items: items([changed, ...events.slice(1, 10), events[1]!]),
      window: WINDOW,
    });
    expect(again).toEqual({ accepted: 0, duplicates: 11, rejected: [] });
    const [stored] = await rows<{ model: string; input_tokens: string }>(
      sql`select model, input_tokens::text from usage_events where project_id = ${project.id} and event_id = ${events[0]!.event_id}`,
    );
    expect(stored).toEqual({ model: events[0]!.model, input_tokens: String(events[0]!.usage.input_tokens) });

    const sums = await rawAndRollupSums(t.db, project.id);
    expect(grainTotalsDifferingFromRaw(sums)).toEqual([]);
    expect(Number(sums.rawPerTag.requests)).toBeGreaterThan(0);
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    expect(sums.sessions).toEqual(sums.sessionlessRaw);
    expect(Number(sums.raw.cost_micros)).toBeGreaterThan(0);
    expect(sums.raw.unpriced_requests).toBe('0');
  });

  it('keeps the rollups exactly equal to the raw events under 8 concurrent writers sending overlapping batches', async () => {
    const project = await makeProject(t);
    const events = demo(2, 6);
    const batchSize = 250;
    // Each writer sends every batch of a shuffled overlap of the same events: lots of duplicate ids, in parallel.
    const writers = Array.from({ length: 8 }, (_, w) => async () => {
      const offset = (w * 97) % events.length;
      const mine = [...events.slice(offset), ...events.slice(0, offset)].slice(0, Math.ceil(events.length * 0.6));
      for (let i = 0; i < mine.length; i += batchSize) {
        await ingestItems(asSystem(t), { projectId: project.id, items: items(mine.slice(i, i + batchSize)), window: WINDOW });
      }
    });
    await Promise.all(writers.map((w) => w()));
    const sums = await rawAndRollupSums(t.db, project.id);
    const sent = new Set<string>();
    for (let w = 0; w < 8; w++) {
      const offset = (w * 97) % events.length;
      for (const e of [...events.slice(offset), ...events.slice(0, offset)].slice(0, Math.ceil(events.length * 0.6))) sent.add(e.event_id);
    }
    expect(Number(sums.raw.requests)).toBe(sent.size);
    expect(grainTotalsDifferingFromRaw(sums)).toEqual([]);
    expect(Number(sums.rawPerTag.requests)).toBeGreaterThan(0);
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    expect(sums.sessions).toEqual(sums.sessionlessRaw);
  }, 120_000);

  it('puts a late event in its own hour and month partition', async () => {
    const project = await makeProject(t);
    const [base] = demo(3, 1);
    const late = { ...base!, event_id: 'late-1', timestamp: '2026-08-15T09:42:00Z' };
    expect((await ingestItems(asSystem(t), { projectId: project.id, items: items([late]), window: WINDOW })).accepted).toBe(1);
    const [hour] = await rows<{ hour: string }>(
      sql`select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as hour from usage_hourly where project_id = ${project.id}`,
    );
    expect(hour?.hour).toBe('2026-08-15 09:00');
    const [partition] = await rows<{ name: string }>(
      sql`select tableoid::regclass::text as name from usage_events where project_id = ${project.id} and event_id = 'late-1'`,
    );
    expect(partition?.name).toBe('usage_events_202608');
  });

  it('stores nothing from a batch the database refuses, so the whole batch can be retried', async () => {
    const project = await makeProject(t);
    const [good, other] = demo(4, 1);
    // A NUL character passes JSON and zod but Postgres text refuses it: the statement fails as a whole.
    const poisoned = { ...other!, event_id: 'poison-1', task: 'bad\u0000task' };
    await expect(ingestItems(asSystem(t), { projectId: project.id, items: items([good, poisoned]), window: WINDOW })).rejects.toThrow();
    const [count] = await rows<{ events: string; ids: string; hourly: string }>(sql`select
      (select count(*) from usage_events where project_id = ${project.id})::text as events,
      (select count(*) from usage_event_ids where project_id = ${project.id})::text as ids,
      (select count(*) from usage_hourly where project_id = ${project.id})::text as hourly`);
    expect(count).toEqual({ events: '0', ids: '0', hourly: '0' });
    expect((await ingestItems(asSystem(t), { projectId: project.id, items: items([good]), window: WINDOW })).accepted).toBe(1);
  });

  it('keeps the same event id apart in two projects', async () => {
    const [a, b] = [await makeProject(t), await makeProject(t)];
    const [event] = demo(5, 1);
    expect((await ingestItems(asSystem(t), { projectId: a.id, items: items([event]), window: WINDOW })).accepted).toBe(1);
    expect((await ingestItems(asSystem(t), { projectId: b.id, items: items([event]), window: WINDOW })).accepted).toBe(1);
  });
});
