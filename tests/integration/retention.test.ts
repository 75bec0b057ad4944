import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention, listEventPartitions, retentionCutoff } from '@/db/ingest/retention';
import { grainSelect } from '@/db/ingest/write-events';
import { getRawEventsDroppedBefore } from '@/db/queries/org-settings';
import { drainJobs } from '@/server/jobs/scheduler';
import { setOrgTimeZone } from '@/services/organisation/set-org-time-zone';
import { grainColumns, ROLLUP_GRAINS } from '@/lib/ingest/rollup-grains';
import { rowsOf } from '@/db/rows';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

describe('retention', () => {
  it('computes the cutoff as the first day of the month N months back', () => {
    expect(retentionCutoff(3, new Date('2026-11-28T10:00:00Z')).toISOString()).toBe('2026-08-01T00:00:00.000Z');
  });

  it('drops whole old months of raw events and leaves the rollups untouched', async () => {
    const project = await makeProject(t);
    const events = [...generateDemoEvents({ seed: 31, days: 120, end: new Date('2026-11-15T00:00:00Z') })].map((e) => ({
      ok: true as const,
      value: e.event,
    }));
    await ingestItems(asSystem(t), {
      projectId: project.id,
      items: events,
      window: { now: new Date('2026-11-15T00:00:00Z'), lateArrivalDays: null },
    });
    const rollupBefore = rowsOf<{ requests: string; cost: string }>(
      await t.db.execute(sql`select sum(requests)::text as requests, sum(cost_micros)::text as cost from usage_hourly`),
    );
    expect(await listEventPartitions(t)).toEqual([
      'usage_events_202607',
      'usage_events_202608',
      'usage_events_202609',
      'usage_events_202610',
      'usage_events_202611',
    ]);

    const dropped = await applyRetention(t, { months: 2, now: new Date('2026-11-20T00:00:00Z') });
    expect(dropped).toEqual(['usage_events_202607', 'usage_events_202608']);
    const [oldest] = rowsOf<{ min: string }>(
      await t.db.execute(sql`select to_char(min(occurred_at) at time zone 'UTC', 'YYYY-MM') as min from usage_events`),
    );
    expect(oldest!.min).toBe('2026-09');
    // The ids of the dropped events stay: they are still duplicates (tests/integration/retention-idempotency.test.ts).
    const [ids] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from usage_event_ids where occurred_at < '2026-09-01'`),
    );
    expect(ids!.n).toBe(events.filter((e) => String((e.value as { timestamp: string }).timestamp) < '2026-09-01').length);
    expect(ids!.n).toBeGreaterThan(0);
    expect(
      rowsOf(await t.db.execute(sql`select sum(requests)::text as requests, sum(cost_micros)::text as cost from usage_hourly`)),
    ).toEqual(rollupBefore);

    // Ingestion still works afterwards, including into a dropped month (a backfill recreates it).
    const late = { ...(events[0]!.value as object), event_id: 'after-retention', timestamp: '2026-07-10T00:00:00Z' };
    expect(
      (
        await ingestItems(asSystem(t), {
          projectId: project.id,
          items: [{ ok: true, value: late }],
          window: { now: new Date('2026-11-20T00:00:00Z'), lateArrivalDays: null },
        })
      ).accepted,
    ).toBe(1);
  });

  it('re-sums the tag-set day rollup in a new zone where raw events remain, and keeps the older rows whole', async () => {
    // Continues from the test above: retention dropped July and August (cutoff 2026-09-01, UTC days so far).
    expect(await getRawEventsDroppedBefore(t.db)).toEqual(new Date('2026-09-01T00:00:00Z'));
    const grain = ROLLUP_GRAINS.find((g) => g.table === 'usage_daily_tag_sets')!;
    const cols = grainColumns(grain).join(', ');
    const totals = async () =>
      rowsOf(await t.db.execute(sql.raw(`select sum(requests)::text as r, sum(cost_micros)::text as c from ${grain.table}`)));
    const olderRows = async () =>
      rowsOf(
        await t.db.execute(
          sql.raw(`select ${cols} from ${grain.table} where day < '2026-08-31'
        and day not in ('2026-07-09', '2026-07-10') order by ${cols}`),
        ),
      );
    const [totalBefore, olderBefore] = [await totals(), await olderRows()];
    expect(olderBefore.length).toBeGreaterThan(0);

    await setOrgTimeZone(as(t, await makeUser(t, 'admin')), { timeZone: 'America/New_York' });

    await drainJobs(t); // the zone change is a job of the scheduler

    // Nothing lost or counted twice; rows of days before the cutoff untouched (their raw events are gone), but
    // for the events still kept, which moved to their New York days: the cutoff's own day (to 31 August) and
    // the late event of 10 July ingested after retention (to 9 July).
    expect(await totals()).toEqual(totalBefore);
    expect(await olderRows()).toEqual(olderBefore);
    // From the day after the cutoff on, every row equals the raw events summed by New York day.
    const fresh = grainSelect(
      grain,
      'usage_events',
      `(date_trunc('hour', occurred_at, 'UTC') at time zone 'America/New_York')::date >= '2026-09-02'`,
    );
    const stored = `select ${cols} from ${grain.table} where day >= '2026-09-02' and requests <> 0`;
    const [diff] = rowsOf<{ n: number }>(
      await t.db.execute(
        sql.raw(
          `select ((select count(*) from (${stored} except all select * from (${fresh}) f) a) + (select count(*) from ((select *
            from (${fresh}) f) except all ${stored}) b))::int as n`,
        ),
      ),
    );
    expect(diff!.n).toBe(0);
    const [rows] = rowsOf<{ n: number }>(
      await t.db.execute(sql.raw(`select count(*)::int as n from ${grain.table} where day >= '2026-09-02'`)),
    );
    expect(rows!.n).toBeGreaterThan(0);
  }, 240_000); // the zone change moves months of hours in steps (in-memory PGlite: unsummarised BRIN, full scans)
});
