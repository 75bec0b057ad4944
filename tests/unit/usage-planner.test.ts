/** Where a dashboard query is answered from, and what a changed event does to each rollup key. Pure. */
import { describe, expect, it } from 'vitest';
import { rollupDeltas, type RollupRow } from '@/lib/ingest/rollup-deltas';
import { ROLLUP_GRAINS, TAG_SET_MAX_TEXT_BYTES, tagMapTextBytes } from '@/lib/ingest/rollup-grains';
import { MAX_RAW_HOURLY_DAYS, NO_FILTER, planSource, plannedGranularity, tagKeyOf, type UsageQuery } from '@/lib/usage/query';

const ZONE = 'America/New_York';
/** Whole New York days (the daily rollups' zone), day buckets. */
const wholeDays = {
  from: new Date('2026-10-01T04:00:00Z'),
  to: new Date('2026-10-31T04:00:00Z'),
  timeZone: ZONE,
  granularity: 'day' as const,
};
const hours = { ...wholeDays, granularity: 'hour' as const };

const sourceOf = (q: Pick<UsageQuery, 'filter' | 'groupBy'> & Partial<UsageQuery>) => {
  const s = planSource(q, ZONE);
  return s.kind === 'raw' ? 'raw' : s.grain.table;
};

describe('usage source planner', () => {
  it('answers tags crossed with other dimensions (and with each other) from the tag-set day rollup over whole days', () => {
    expect(sourceOf({ ...wholeDays, groupBy: [{ dimension: 'task' }], filter: { ...NO_FILTER, tags: { env: ['staging'] } } })).toBe(
      'usage_daily_tag_sets',
    );
    expect(sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }, { dimension: 'model' }], filter: NO_FILTER })).toBe('usage_daily_tag_sets');
    expect(
      sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, values: { mode: ['code'] }, tags: { team: ['a'] } } }),
    ).toBe('usage_daily_tag_sets');
    expect(sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } })).toBe(
      'usage_daily_tag_sets',
    );
    expect(sourceOf({ ...wholeDays, granularity: 'week', groupBy: [{ tag: 'team' }, { tag: 'env' }], filter: NO_FILTER })).toBe(
      'usage_daily_tag_sets',
    );
  });

  it('prefers the small per-tag hour rollup when only the tag and projects are involved', () => {
    expect(sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, projectIds: ['p'] } })).toBe('usage_hourly_tags');
    expect(sourceOf({ ...hours, groupBy: [{ tag: 'team' }], filter: NO_FILTER })).toBe('usage_hourly_tags');
  });

  it('answers a user crossed with anything, tags included, from the user-set day rollup over whole days', () => {
    const user = { ...NO_FILTER, values: { user: ['ana'] } };
    expect(sourceOf({ ...wholeDays, groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, values: { task: ['refactor'] } } })).toBe(
      'usage_daily_user_sets',
    );
    expect(sourceOf({ ...wholeDays, granularity: 'week', groupBy: [{ dimension: 'model' }], filter: user })).toBe('usage_daily_user_sets');
    // Two tag keys with a user, or a user and a tag with another dimension: the user-set grain.
    expect(
      sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }, { dimension: 'user' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } }),
    ).toBe('usage_daily_user_sets');
    expect(
      sourceOf({
        ...wholeDays,
        groupBy: [{ dimension: 'user' }],
        filter: { ...NO_FILTER, tags: { env: ['prod'] }, values: { mode: ['code'] } },
      }),
    ).toBe('usage_daily_user_sets');
  });

  it('answers a user crossed with one tag key from the per-tag user day rollup, over whole days only', () => {
    const user = { ...NO_FILTER, values: { user: ['ana'] } };
    expect(sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }, { dimension: 'user' }], filter: NO_FILTER })).toBe('usage_daily_user_tags');
    expect(sourceOf({ ...wholeDays, groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } })).toBe(
      'usage_daily_user_tags',
    );
    expect(sourceOf({ ...wholeDays, granularity: 'week', groupBy: [{ tag: 'team' }], filter: user })).toBe('usage_daily_user_tags');
    expect(sourceOf({ ...wholeDays, groupBy: [{ tag: 'team' }], filter: { ...user, projectIds: ['p'], tags: { team: ['a'] } } })).toBe(
      'usage_daily_user_tags',
    );
    // Hours: no hour grain holds a user with a tag.
    expect(sourceOf({ ...hours, groupBy: [{ tag: 'team' }], filter: user })).toBe('raw');
    // The smaller grains first: a user with mode and tier only, a tag cross without a user.
    expect(sourceOf({ ...wholeDays, groupBy: [{ dimension: 'user' }], filter: { ...NO_FILTER, values: { mode: ['code'] } } })).toBe(
      'usage_daily_user_modes',
    );
    expect(sourceOf({ ...wholeDays, groupBy: [{ dimension: 'task' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } })).toBe(
      'usage_daily_tag_sets',
    );
  });

  it('skips a grain that lacks a measure the query reads', () => {
    const users = ROLLUP_GRAINS.find((g) => g.name === 'dailyUsers')!;
    const spendOnly = { ...users, measures: users.measures.filter((m) => m.read === 'spend') };
    const q = { ...wholeDays, groupBy: [{ dimension: 'user' as const }], filter: NO_FILTER };
    expect(planSource({ ...q, measures: 'spend' }, ZONE, [spendOnly])).toEqual({ kind: 'rollup', grain: spendOnly });
    expect(planSource(q, ZONE, [spendOnly])).toEqual({ kind: 'raw' });
  });

  it('shows hours of a cross no hour rollup holds only over a few days (the raw events), days beyond', () => {
    const userTask = { ...hours, groupBy: [{ dimension: 'user' as const }], filter: { ...NO_FILTER, values: { task: ['refactor'] } } };
    expect(sourceOf(userTask)).toBe('raw');
    expect(plannedGranularity(userTask, MAX_RAW_HOURLY_DAYS)).toBe('hour');
    expect(plannedGranularity(userTask, MAX_RAW_HOURLY_DAYS + 1)).toBe('day');
    const byModel = { ...hours, groupBy: [{ dimension: 'model' as const }], filter: NO_FILTER };
    expect(plannedGranularity(byModel, 30)).toBe('hour'); // the hourly rollup
    expect(plannedGranularity({ ...userTask, granularity: 'week' }, 90)).toBe('week');
  });

  it('reads raw events for what no rollup holds: hour buckets of a tag or user cross', () => {
    expect(sourceOf({ ...hours, groupBy: [{ dimension: 'task' }], filter: { ...NO_FILTER, tags: { env: ['staging'] } } })).toBe('raw');
    expect(sourceOf({ ...hours, groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } })).toBe('raw');
    expect(sourceOf({ ...hours, groupBy: [{ tag: 'team' }, { dimension: 'user' }], filter: NO_FILTER })).toBe('raw');
    // Days of another zone than the rollups' cannot use a day grain.
    expect(
      sourceOf({ ...wholeDays, timeZone: 'UTC', groupBy: [{ dimension: 'task' }], filter: { ...NO_FILTER, tags: { env: ['staging'] } } }),
    ).toBe('raw');
  });

  it('names the one tag key a query involves', () => {
    expect(tagKeyOf({ groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, tags: { team: ['a'] } } })).toBe('team');
    expect(tagKeyOf({ groupBy: [{ dimension: 'mode' }], filter: { ...NO_FILTER, tags: { env: ['prod'], team: [] } } })).toBe('env');
    expect(tagKeyOf({ groupBy: [{ tag: 'team' }], filter: { ...NO_FILTER, tags: { env: ['prod'] } } })).toBeNull();
    expect(tagKeyOf({ groupBy: [], filter: NO_FILTER })).toBeNull();
  });
});

describe('rollup deltas of a changed event', () => {
  const row: RollupRow = {
    projectId: 'p',
    occurredAt: new Date('2026-10-05T03:30:00Z'), // 23:30 on 4 October in New York
    mode: 'code',
    task: null,
    userId: 'u',
    sessionId: null,
    provider: 'anthropic',
    model: 'm',
    tier: 'frontier',
    status: 'ok',
    routingRuleId: null,
    costMicros: 100,
    cacheSavingsMicros: 0,
    reportedCostMicros: null,
    costMismatch: false,
    latencyMs: null,
    tags: { team: 'payments', env: 'prod' },
    inputTokens: 10,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 5,
    reasoningTokens: 0,
  };

  it('moves the event between tag-set keys that carry its other dimensions, on its local day', () => {
    const deltas = rollupDeltas([row], [{ ...row, costMicros: 250, tier: 'balanced' }], ZONE);
    const tagSets = deltas.grains.get(ROLLUP_GRAINS.find((g) => g.name === 'dailyTagSets')!)!;
    expect([...tagSets.values()].map((v) => [v.key.join('|'), v.measures.cost_micros, v.measures.requests]).sort()).toEqual([
      ['p|2026-10-04|code||anthropic|m|balanced|ok||{"env":"prod","team":"payments"}', 250, 1],
      ['p|2026-10-04|code||anthropic|m|frontier|ok||{"env":"prod","team":"payments"}', -100, -1],
    ]);
    // The per-tag hour grain's key holds only the tag: the same keys, the difference only.
    const hourlyTags = deltas.grains.get(ROLLUP_GRAINS.find((g) => g.name === 'hourlyTags')!)!;
    expect([...hourlyTags.values()].map((v) => [v.key.join('|'), v.measures.cost_micros, v.measures.requests]).sort()).toEqual([
      ['p|2026-10-05T03:00:00.000Z|env|prod', 150, 0],
      ['p|2026-10-05T03:00:00.000Z|team|payments', 150, 0],
    ]);
  });

  it('writes a tag map with its keys in one order, whatever order the event gave them', () => {
    // The same map with its keys inserted in the other order (row.tags is team first).
    const reordered = { ...row, tags: { env: 'prod', team: 'payments' } };
    expect(Object.keys(reordered.tags)).not.toEqual(Object.keys(row.tags));
    const deltas = rollupDeltas([row], [{ ...reordered, costMicros: 250 }], ZONE);
    const tagSets = deltas.grains.get(ROLLUP_GRAINS.find((g) => g.name === 'dailyTagSets')!)!;
    expect([...tagSets.values()].map((v) => v.measures.cost_micros)).toEqual([150]);
  });

  it('leaves a tag map too long for a key out of the tag-set grain (only stored before the 1 KB rule)', () => {
    const long = { ...row, tags: { notes: 'x'.repeat(TAG_SET_MAX_TEXT_BYTES) } };
    const deltas = rollupDeltas([long], [{ ...long, costMicros: 250 }], ZONE);
    expect(deltas.grains.get(ROLLUP_GRAINS.find((g) => g.name === 'dailyTagSets')!)!.size).toBe(0);
    expect(deltas.grains.get(ROLLUP_GRAINS.find((g) => g.name === 'daily')!)!.size).toBe(1);
  });

  it('measures a tag map as Postgres writes jsonb as text', () => {
    expect(tagMapTextBytes({})).toBe('{}'.length);
    expect(tagMapTextBytes({ env: 'prod', team: 'payments' })).toBe('{"env": "prod", "team": "payments"}'.length);
    expect(tagMapTextBytes({ é: 'a"b' })).toBe(new TextEncoder().encode('{"é": "a\\"b"}').length); // é is two bytes, the quote escaped
  });
});
