/**
 * Every dashboard figure comes from aggregateUsage. Whatever rollup the planner picks, the answer must
 * equal the same aggregate computed from the raw events — in UTC and in a zone with a DST change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/rows';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { aggregateUsage, sumRows, type UsageRow } from '@/db/queries/usage-aggregate';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { rebuildSourceOf, ROLLUP_GRAINS, tagMapTextBytes } from '@/lib/ingest/rollup-grains';
import { NO_FILTER, planSource, type GroupSpec, type UsageFilter, type UsageQuery } from '@/lib/usage/query';
import { drainJobs } from '@/server/jobs/scheduler';
import { setOrgTimeZone } from '@/services/organisation/set-org-time-zone';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';
import { NO_DIFFERENCES, rollupRowsDifferingFromRaw } from '../helpers/rollups';

let t: TestDatabase;
let projectIds: string[];
// 10 days around the New York fall-back (2026-11-01).
const END = new Date('2026-11-05T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projectIds = [];
  for (const seed of [1, 2]) {
    const project = await makeProject(t);
    projectIds.push(project.id);
    // Some events without a team tag, some without any tag: grouping by a tag adds them back as ''.
    const items = [...generateDemoEvents({ seed, days: 10, end: END })].map((e, i) => ({
      ok: true as const,
      value:
        i % 7 === 3 ? { ...e.event, tags: undefined } : i % 7 === 5 ? { ...e.event, tags: { env: e.event.tags?.env ?? 'prod' } } : e.event,
    }));
    await ingestItems(asSystem(t), { projectId: project.id, items, window: { now: END, lateArrivalDays: null } });
  }
});
afterAll(async () => t?.destroy());

const sorted = (rows: UsageRow[]) =>
  [...rows].sort((a, b) => `${a.bucket}|${a.keys.join('|')}`.localeCompare(`${b.bucket}|${b.keys.join('|')}`));

function query(overrides: Partial<UsageQuery>): UsageQuery {
  return {
    from: new Date('2026-10-27T04:00:00Z'),
    to: new Date('2026-11-04T05:00:00Z'),
    timeZone: 'America/New_York',
    filter: NO_FILTER,
    groupBy: [],
    granularity: 'day',
    ...overrides,
  };
}

async function expectEqualToRaw(q: UsageQuery, expectedSource: string) {
  const planned = await aggregateUsage(t.db, q);
  expect(planned.source.kind === 'raw' ? 'raw' : planned.source.grain.table).toBe(expectedSource);
  const raw = await aggregateUsage(t.db, q, { kind: 'raw' });
  expect(planned.rows.length).toBeGreaterThan(0);
  expect(sorted(planned.rows)).toEqual(sorted(raw.rows));
}

describe('usage aggregates', () => {
  const cases: [string, GroupSpec[], UsageFilter, string][] = [
    ['mode by day', [{ dimension: 'mode' }], NO_FILTER, 'usage_hourly'],
    ['mode × task × model', [{ dimension: 'mode' }, { dimension: 'task' }, { dimension: 'model' }], NO_FILTER, 'usage_hourly'],
    ['tier, one project', [{ dimension: 'tier' }], { ...NO_FILTER, projectIds: ['P0'] }, 'usage_hourly'],
    ['user, one project', [{ dimension: 'user' }], { ...NO_FILTER, projectIds: ['P0'] }, 'usage_hourly_users'],
    ['user filtered by mode', [{ dimension: 'user' }], { ...NO_FILTER, values: { mode: ['code', 'debug'] } }, 'usage_hourly_users'],
    ['user filtered by model', [{ dimension: 'user' }], { ...NO_FILTER, values: { model: ['claude-sonnet-4-5'] } }, 'raw'],
    ['tag team (with untagged)', [{ tag: 'team' }], NO_FILTER, 'usage_hourly_tags'],
    ['tag env filtered by env', [{ tag: 'env' }], { ...NO_FILTER, tags: { env: ['prod'] } }, 'usage_hourly_tags'],
    ['task filtered by user', [{ dimension: 'task' }], { ...NO_FILTER, values: { user: ['__first_user__'] } }, 'raw'],
    ['mode filtered by tag', [{ dimension: 'mode' }], { ...NO_FILTER, tags: { env: ['staging'] } }, 'raw'],
  ];
  for (const [name, groupBy, filterTemplate, expected] of cases) {
    it(`${name}: the planned source equals the raw events (${expected})`, async () => {
      let filter = { ...filterTemplate, projectIds: filterTemplate.projectIds.map(() => projectIds[0]!) };
      if (filter.values.user) {
        const users = await aggregateUsage(t.db, query({ groupBy: [{ dimension: 'user' }], granularity: null }));
        filter = { ...filter, values: { user: [users.rows.find((r) => r.keys[0] !== '')!.keys[0]!] } };
      }
      await expectEqualToRaw(query({ groupBy, filter }), expected);
    });
  }

  // Whole UTC days (the organisation's zone): the grains stored as facts and combinations answer these, with the
  // filters on combination columns turned into a list of combination ids (the facts read alone when nothing
  // grouped is a combination column).
  const days = { from: new Date('2026-10-27T00:00:00Z'), to: new Date('2026-11-04T00:00:00Z'), timeZone: 'UTC' };
  const comboCases: [string, GroupSpec[], UsageFilter, string][] = [
    [
      'user filtered by model',
      [{ dimension: 'user' }],
      { ...NO_FILTER, values: { model: ['claude-sonnet-4-5'] } },
      'usage_daily_user_sets',
    ],
    [
      'user × task filtered by model and mode',
      [{ dimension: 'user' }, { dimension: 'task' }],
      { ...NO_FILTER, values: { model: ['claude-sonnet-4-5', 'gpt-5-mini'], mode: ['code'] } },
      'usage_daily_user_sets',
    ],
    [
      'user filtered by model and tag',
      [{ dimension: 'user' }],
      { ...NO_FILTER, values: { model: ['claude-sonnet-4-5'] }, tags: { env: ['prod'] } },
      'usage_daily_user_sets',
    ],
    [
      'mode filtered by tag and provider',
      [{ dimension: 'mode' }],
      { ...NO_FILTER, values: { provider: ['anthropic'] }, tags: { env: ['staging'] } },
      'usage_daily_tag_sets',
    ],
  ];
  for (const [name, groupBy, filter, expected] of comboCases) {
    it(`${name}, whole days: the planned source equals the raw events (${expected})`, async () => {
      await expectEqualToRaw(query({ ...days, groupBy, filter }), expected);
    });
  }

  it('buckets New York days around the fall-back: 25 hours on 2026-11-01, same totals whatever the grouping', async () => {
    const hourly = await aggregateUsage(
      t.db,
      query({ granularity: 'hour', from: new Date('2026-11-01T04:00:00Z'), to: new Date('2026-11-02T05:00:00Z') }),
    );
    const day = await aggregateUsage(
      t.db,
      query({ granularity: 'day', from: new Date('2026-11-01T04:00:00Z'), to: new Date('2026-11-02T05:00:00Z') }),
    );
    expect(day.rows.map((r) => r.bucket)).toEqual(['2026-11-01T00:00']);
    expect(new Set(hourly.rows.map((r) => r.bucket)).size).toBeLessThanOrEqual(24); // 25 hours, 01:00 twice in one bucket
    expect(hourly.rows.every((r) => r.bucket!.startsWith('2026-11-01'))).toBe(true);
    expect(sumRows(hourly.rows)).toEqual(sumRows(day.rows));
    const byTag = await aggregateUsage(t.db, query({ groupBy: [{ tag: 'team' }] }));
    const byMode = await aggregateUsage(t.db, query({ groupBy: [{ dimension: 'mode' }] }));
    expect(sumRows(byTag.rows)).toEqual(sumRows(byMode.rows));
    const utc = await aggregateUsage(t.db, query({ timeZone: 'UTC', groupBy: [{ dimension: 'mode' }] }));
    expect(sumRows(utc.rows)).toEqual(sumRows(byMode.rows)); // same interval, other buckets
    // The same hours, named by each zone's wall clock: New York is 4 or 5 hours behind.
    const utcHours = await aggregateUsage(t.db, query({ timeZone: 'UTC', granularity: 'hour' }));
    const nyHours = await aggregateUsage(t.db, query({ granularity: 'hour' }));
    const costByBucket = (rows: UsageRow[]) => new Map(rows.map((r) => [r.bucket!, r.costMicros]));
    const utcMap = costByBucket(utcHours.rows);
    for (const [bucket, cost] of costByBucket(nyHours.rows)) {
      const wall = new Date(`${bucket}:00Z`).getTime();
      const offsetHours = wall < Date.parse('2026-11-01T02:00:00Z') ? 4 : 5;
      expect(utcMap.get(new Date(wall + offsetHours * 3_600_000).toISOString().slice(0, 16))).toBe(cost);
    }
  });

  it('serves whole local days from the daily rollup, moved to the new zone by a job when the organisation changes it', async () => {
    const utcDays = { timeZone: 'UTC', from: new Date('2026-10-27T00:00:00Z'), to: new Date('2026-11-04T00:00:00Z') };
    await expectEqualToRaw(query({ ...utcDays, groupBy: [{ dimension: 'mode' }] }), 'usage_daily_models');
    await expectEqualToRaw(query({ ...utcDays, groupBy: [{ dimension: 'task' }] }), 'usage_daily');
    await expectEqualToRaw(
      query({ ...utcDays, groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, values: { tier: ['frontier'] } } }),
      'usage_daily_user_modes',
    );
    await expectEqualToRaw(query({ ...utcDays, groupBy: [{ dimension: 'project' }] }), 'usage_daily_totals');
    await expectEqualToRaw(query({ ...utcDays, granularity: null }), 'usage_daily_totals');
    await expectEqualToRaw(query({ ...utcDays, granularity: 'hour', groupBy: [{ dimension: 'mode' }] }), 'usage_hourly');
    await expectEqualToRaw(
      query({ ...utcDays, groupBy: [{ dimension: 'task' }], filter: { ...NO_FILTER, tags: { env: ['staging'] } } }),
      'usage_daily_tag_sets',
    );
    await expectEqualToRaw(query({ ...utcDays, groupBy: [{ tag: 'team' }], granularity: 'week' }), 'usage_hourly_tags');
    // A user with one tag key: the per-tag user day rollup (untagged events added back as '' when grouped by the tag).
    await expectEqualToRaw(query({ ...utcDays, groupBy: [{ dimension: 'user' }, { tag: 'team' }] }), 'usage_daily_user_tags');
    await expectEqualToRaw(
      query({ ...utcDays, groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } }),
      'usage_daily_user_tags',
    );
    await expectEqualToRaw(query({ groupBy: [{ dimension: 'mode' }] }), 'usage_hourly'); // New York days, daily rollup still in UTC

    await setOrgTimeZone(as(t, await makeUser(t, 'admin')), { timeZone: 'America/New_York' });

    await drainJobs(t); // the zone change is a job of the scheduler
    expect(await getOrgTimeZone(t.db)).toBe('America/New_York');
    await expectEqualToRaw(query({ groupBy: [{ dimension: 'status' }] }), 'usage_daily');
    await expectEqualToRaw(query({ groupBy: [{ dimension: 'tier' }], granularity: 'week' }), 'usage_daily_models');
    await expectEqualToRaw(query({ granularity: 'month' }), 'usage_daily_totals');
    await expectEqualToRaw(query({ groupBy: [{ dimension: 'user' }] }), 'usage_daily_user_modes');
    // Tags crossed with other dimensions, whole New York days: the tag-set day rollup, re-summed in the new zone.
    // Events without the tag count as ''.
    await expectEqualToRaw(query({ groupBy: [{ tag: 'team' }, { dimension: 'model' }] }), 'usage_daily_tag_sets');
    await expectEqualToRaw(
      query({ groupBy: [{ dimension: 'mode' }, { tag: 'env' }], filter: { ...NO_FILTER, values: { tier: ['frontier', 'balanced'] } } }),
      'usage_daily_tag_sets',
    );
    await expectEqualToRaw(
      query({
        groupBy: [{ dimension: 'task' }],
        filter: { ...NO_FILTER, tags: { env: ['staging'] }, projectIds: [projectIds[0]!] },
        granularity: 'week',
      }),
      'usage_daily_tag_sets',
    );
    await expectEqualToRaw(
      query({ groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, tags: { team: ['payments'] }, values: { mode: ['code'] } } }),
      'usage_daily_tag_sets',
    );
    await expectEqualToRaw(
      query({ groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } }),
      'usage_daily_tag_sets',
    ); // two tag keys
    await expectEqualToRaw(query({ groupBy: [{ tag: 'env' }, { tag: 'team' }], granularity: 'month' }), 'usage_daily_tag_sets');
    // A user crossed with anything, tags included: the user-set day rollup, re-summed in the new zone.
    await expectEqualToRaw(query({ groupBy: [{ tag: 'team' }, { dimension: 'user' }] }), 'usage_daily_user_tags');
    await expectEqualToRaw(
      query({ groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, tags: { env: ['staging'] } }, granularity: 'week' }),
      'usage_daily_user_tags',
    );
    await expectEqualToRaw(
      query({ groupBy: [{ tag: 'team' }, { dimension: 'user' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } }),
      'usage_daily_user_sets',
    ); // two tag keys
    await expectEqualToRaw(query({ groupBy: [{ dimension: 'user' }, { dimension: 'task' }] }), 'usage_daily_user_sets');
    const [someone] = (await aggregateUsage(t.db, query({ groupBy: [{ dimension: 'user' }], granularity: null }))).rows
      .map((r) => r.keys[0]!)
      .filter((u) => u !== '');
    await expectEqualToRaw(
      query({
        groupBy: [{ dimension: 'model' }],
        filter: { ...NO_FILTER, values: { user: [someone!], status: ['ok'] } },
        granularity: 'week',
      }),
      'usage_daily_user_sets',
    );
    await expectEqualToRaw(
      query({ groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, tags: { env: ['prod'] }, values: { routing: ['', 'r1'] } } }),
      'usage_daily_user_sets',
    );
    // One tag key with a user: the per-tag user rollup.
    await expectEqualToRaw(
      query({
        groupBy: [{ dimension: 'user' }],
        filter: { ...NO_FILTER, tags: { env: ['prod', 'staging'] }, values: { user: [someone!] } },
      }),
      'usage_daily_user_tags',
    );
    // Tag filters and nothing else from the combination: the user-set facts alone, filtered by the combinations' ids.
    const teams = (await aggregateUsage(t.db, query({ groupBy: [{ tag: 'team' }], granularity: null }))).rows
      .map((r) => r.keys[0]!)
      .filter((v) => v !== '');
    await expectEqualToRaw(
      query({
        groupBy: [{ dimension: 'user' }],
        filter: { ...NO_FILTER, tags: { env: ['prod', 'staging'], team: teams }, values: { user: [someone!] } },
      }),
      'usage_daily_user_sets',
    );
    await expectEqualToRaw(
      query({ groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, values: { mode: ['code'] } } }),
      'usage_daily_user_modes',
    );
    // Hour buckets of a user cross: no hour rollup holds them, the raw events answer.
    await expectEqualToRaw(
      query({ groupBy: [{ dimension: 'user' }, { dimension: 'task' }], granularity: 'hour', to: new Date('2026-10-29T04:00:00Z') }),
      'raw',
    );
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    // Ingestion after the change writes New York days.
    const items = [...generateDemoEvents({ seed: 3, days: 3, end: END })].map((e) => ({ ok: true as const, value: e.event }));
    await ingestItems(asSystem(t), { projectId: projectIds[1]!, items, window: { now: END, lateArrivalDays: null } });
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    await expect(setOrgTimeZone(as(t, await makeUser(t, 'admin')), { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'bad_request:api',
    });
  }, 240_000); // includes the zone-change job

  it('gives the same buckets from raw events as from the hourly rollup in a half-hour zone (both by UTC hour)', async () => {
    // Kolkata is UTC+5:30: hours are the UTC hours (ADR 0004), whichever source answers.
    const kolkata = { timeZone: 'Asia/Kolkata', from: new Date('2026-10-28T18:30:00Z'), to: new Date('2026-11-03T18:30:00Z') };
    for (const granularity of ['hour', 'day'] as const) {
      const q = query({ ...kolkata, granularity, groupBy: [{ dimension: 'model' }] });
      await expectEqualToRaw(q, 'usage_hourly');
    }
  });

  it('measures a tag map as the database writes it as text (the bound on tag-set keys)', async () => {
    const maps: Record<string, string>[] = [
      {},
      { env: 'prod' },
      { é: 'a"b\\c', 'line\nbreak': '\t\u0001', emoji: '🚀' },
      { z: '1', a: '2', mm: '' },
    ];
    for (const tags of maps) {
      const [row] = rowsOf<{ n: number }>(await t.db.execute(sql`select octet_length(${JSON.stringify(tags)}::jsonb::text)::int as n`));
      expect(tagMapTextBytes(tags)).toBe(row!.n);
    }
  });

  it('plans the cheapest source', () => {
    expect(planSource({ groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, values: { task: ['x'] } } })).toEqual({ kind: 'raw' });
    const sourceOf = (table: string) => {
      const source = rebuildSourceOf(ROLLUP_GRAINS.find((g) => g.table === table)!);
      return source === 'raw' ? 'raw' : source.table;
    };
    expect(sourceOf('usage_daily_user_modes')).toBe('usage_hourly_users');
    expect(sourceOf('usage_daily_models')).toBe('usage_hourly');
    expect(sourceOf('usage_daily_tag_sets')).toBe('raw');
    expect(sourceOf('usage_daily_user_sets')).toBe('raw');
    expect(sourceOf('usage_daily_user_tags')).toBe('raw');
    expect(planSource({ groupBy: [{ tag: 'a' }, { dimension: 'mode' }], filter: NO_FILTER })).toEqual({ kind: 'raw' });
  });
});
