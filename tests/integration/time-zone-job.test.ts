/**
 * The zone change as a job (services/organisation/change-time-zone-job.ts): it reports progress, every
 * dashboard query answers exactly (equal to the raw events) while it runs, events written meanwhile — before
 * and after its cutover — land in the right days, and afterwards every rollup row equals the raw events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobById } from '@/db/queries/jobs';
import { getOrgTimeZone, getZoneChange } from '@/db/queries/org-settings';
import { aggregateUsage, type UsageRow } from '@/db/queries/usage-aggregate';
import { generateDemoEvents } from '@/lib/demo/generator';
import { NO_FILTER, type UsageQuery } from '@/lib/usage/query';
import { startScheduler } from '@/server/jobs/scheduler';
import { ingestItems } from '@/services/ingest/ingest-items';
import { enqueueJob } from '@/services/jobs/enqueue-job';
import { setOrgTimeZone } from '@/services/organisation/set-org-time-zone';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';
import { NO_DIFFERENCES, rollupRowsDifferingFromRaw } from '../helpers/rollups';

let t: TestDatabase;
let projectId: string;
const END = new Date('2026-11-05T00:00:00Z');
const DAYS = 21;

beforeAll(async () => {
  t = await openTestDatabase();
  projectId = (await makeProject(t)).id;
  const items = [...generateDemoEvents({ seed: 7, days: DAYS, end: END })].map((e) => ({ ok: true as const, value: e.event }));
  await ingestItems(asSystem(t), { projectId, items, window: { now: END, lateArrivalDays: null } });
});
afterAll(async () => t?.destroy());

const sorted = (rows: UsageRow[]) =>
  [...rows].sort((a, b) => `${a.bucket}|${a.keys.join('|')}`.localeCompare(`${b.bucket}|${b.keys.join('|')}`));

/** Whole New York days: the last 3 (moved first) and the last 20 (reaching days not moved yet). */
const nyDays = (from: string, to: string, groupBy: UsageQuery['groupBy']): UsageQuery => ({
  from: new Date(from),
  to: new Date(to),
  timeZone: 'America/New_York',
  filter: NO_FILTER,
  groupBy,
  granularity: 'day',
});
const QUERIES = [
  nyDays('2026-11-02T05:00:00Z', '2026-11-05T05:00:00Z', [{ dimension: 'model' }]),
  nyDays('2026-10-16T04:00:00Z', '2026-11-05T05:00:00Z', [{ dimension: 'mode' }]),
  nyDays('2026-10-16T04:00:00Z', '2026-11-05T05:00:00Z', [{ tag: 'team' }, { dimension: 'model' }]),
];

describe('the time-zone change job', () => {
  it('queues the change as a job; the same zone again queues nothing', async () => {
    const admin = await makeUser(t, 'admin');
    expect(await setOrgTimeZone(as(t, admin), { timeZone: 'UTC' })).toEqual({ timeZone: 'UTC', jobId: null });
    await expect(setOrgTimeZone(as(t, admin), { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'bad_request:api' });
    await expect(enqueueJob(asSystem(t), { kind: 'time-zone', params: { timeZone: 'Mars/Olympus' } })).rejects.toMatchObject({
      code: 'bad_request:job',
    });
  });

  it('reports progress and keeps every dashboard answer exact while it moves the day rollups', async () => {
    const job = await enqueueJob(asSystem(t), { kind: 'time-zone', params: { timeZone: 'America/New_York', stepHours: 24 } });
    const scheduler = startScheduler(t, { pollMs: 10, tasks: [] });
    const progress: number[] = [];
    const readMs: number[] = [];
    let checksDuringChange = 0;
    let wroteDuringChange = false;
    try {
      for (;;) {
        const row = (await getJobById(t.db, { id: job.id }))!;
        if (row.status === 'failed') throw new Error(JSON.stringify(row.errors));
        const change = await getZoneChange(t.db);
        if (row.status === 'running' && change) {
          progress.push(row.processed / Math.max(1, row.total));
          for (const q of QUERIES) {
            const started = performance.now();
            const planned = await aggregateUsage(t.db, q);
            readMs.push(performance.now() - started);
            const raw = await aggregateUsage(t.db, q, { kind: 'raw' });
            expect(sorted(planned.rows)).toEqual(sorted(raw.rows));
          }
          checksDuringChange++;
          if (!wroteDuringChange && row.processed > 0) {
            // Written mid-change: one hour already moved (new zone's days), one not yet (previous zone's).
            wroteDuringChange = true;
            const late = [
              { ...QUERY_EVENT, event_id: 'mid-new', timestamp: '2026-11-04T03:30:00Z' },
              { ...QUERY_EVENT, event_id: 'mid-old', timestamp: '2026-10-15T02:30:00Z' },
            ].map((value) => ({ ok: true as const, value }));
            await ingestItems(asSystem(t), { projectId, items: late, window: { now: END, lateArrivalDays: null } });
          }
        }
        if (row.status === 'done') break;
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      await scheduler.stop();
    }
    const done = (await getJobById(t.db, { id: job.id }))!;
    expect(done.total).toBeGreaterThan(DAYS * 24 - 48);
    expect(done.processed).toBe(done.total);
    expect(checksDuringChange).toBeGreaterThanOrEqual(3);
    expect(wroteDuringChange).toBe(true);
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress); // only forward
    expect(await getOrgTimeZone(t.db)).toBe('America/New_York');
    expect(await getZoneChange(t.db)).toBeNull();
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    for (const q of QUERIES) {
      const planned = await aggregateUsage(t.db, q);
      expect(planned.source.kind).toBe('rollup'); // day rollups again, now in New York days
      expect(sorted(planned.rows)).toEqual(sorted((await aggregateUsage(t.db, q, { kind: 'raw' })).rows));
    }
    const p95 = [...readMs].sort((a, b) => a - b)[Math.floor(readMs.length * 0.95)];
    console.log(`[time-zone job] ${checksDuringChange} checks during the change; dashboard query p95 ${p95?.toFixed(0)} ms`);
  });
});

const QUERY_EVENT = {
  mode: 'code',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  usage: { input_tokens: 1_000, output_tokens: 100 },
  tags: { team: 'payments' },
};
