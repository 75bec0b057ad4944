import { describe, expect, it } from 'vitest';
import type { UsageRow } from '@/db/queries/usage-aggregate';
import { explorerSearch, parseExplorerState, toggleFilter } from '@/lib/usage/explorer-state';
import { microsToDecimal } from '@/lib/format';
import { explorerChart, explorerCsv, explorerTable, OTHER_LABEL } from '@/lib/usage/explorer-table';
import { percentChange, projectMonthEnd } from '@/lib/usage/projection';

const row = (bucket: string, key: string, costMicros: number, requests = 1): UsageRow => ({
  bucket,
  keys: [key],
  requests,
  inputTokens: requests * 10,
  outputTokens: requests,
  cacheReadTokens: 0,
  costMicros,
  cacheSavingsMicros: 0,
  unpricedRequests: 0,
});

describe('explorer URL state', () => {
  it('round-trips through a canonical query string, so a link reproduces the view', () => {
    const state = parseExplorerState({
      group: 'tag:team',
      gran: 'week',
      range: 'custom',
      from: '2026-10-01',
      to: '2026-10-31',
      project: ['b', 'a'],
      mode: ['debug', 'code'],
      tag: ['env:prod'],
      sort: 'requests',
      dir: 'asc',
    });
    const search = explorerSearch(state);
    expect(search).toBe(
      'group=tag%3Ateam&gran=week&range=custom&from=2026-10-01&to=2026-10-31&project=a&project=b' +
        '&mode=code&mode=debug&tag=env%3Aprod&sort=requests&dir=asc',
    );
    expect(
      parseExplorerState(
        Object.fromEntries([...new URLSearchParams(search).keys()].map((k) => [k, new URLSearchParams(search).getAll(k)])),
      ),
    ).toEqual(state);
  });

  it('falls back to defaults on nonsense instead of failing', () => {
    const state = parseExplorerState({
      group: 'drop table',
      gran: 'decade',
      range: 'forever',
      sort: 'x',
      dir: 'sideways',
      tag: ['no-colon', ':empty'],
    });
    expect(state).toMatchObject({
      group: { dimension: 'mode' },
      granularity: 'day',
      period: { range: '30d' },
      sort: 'cost',
      dir: 'desc',
      tags: {},
    });
  });

  it('adds and removes one filter value', () => {
    const state = parseExplorerState({ group: 'model' });
    const on = toggleFilter(state, { dimension: 'model' }, 'gpt-5');
    expect(on.values.model).toEqual(['gpt-5']);
    expect(toggleFilter(on, { dimension: 'model' }, 'gpt-5').values).not.toHaveProperty('model');
    expect(toggleFilter(state, { tag: 'team' }, 'infra').tags).toEqual({ team: ['infra'] });
  });
});

describe('explorer table, chart and CSV', () => {
  const rows = [
    row('2026-11-01T00:00', 'code', 5_000_000, 2),
    row('2026-11-02T00:00', 'code', 1_000_000),
    row('2026-11-01T00:00', 'ask', 7_000_000),
    row('2026-11-01T00:00', '', 1),
  ];

  it('sums each key over the buckets and sorts by any column', () => {
    const table = explorerTable(rows, (k) => k, 'cost', 'desc');
    expect(table.map((r) => [r.label, r.costMicros, r.requests])).toEqual([
      ['ask', 7_000_000, 1],
      ['code', 6_000_000, 3],
      ['(none)', 1, 1],
    ]);
    expect(explorerTable(rows, (k) => k, 'requests', 'desc')[0]!.label).toBe('code');
    expect(explorerTable(rows, (k) => k, 'key', 'asc').map((r) => r.label)).toEqual(['(none)', 'ask', 'code']);
  });

  it('draws the 8 largest series and sums the rest as (other), per bucket, with empty buckets at zero', () => {
    const many = Array.from({ length: 10 }, (_, i) => row('2026-11-01T00:00', `k${i}`, (i + 1) * 100));
    const chart = explorerChart(
      many,
      ['2026-11-01T00:00', '2026-11-02T00:00'],
      explorerTable(many, (k) => k, 'cost', 'desc'),
    );
    expect(chart.series).toHaveLength(9);
    expect(chart.data[0]![OTHER_LABEL]).toBe(100 + 200);
    expect(chart.data[1]!.k9).toBe(0);
  });

  it('writes the table as CSV: same rows, same order, exact dollars, formulas defused', () => {
    const table = explorerTable([...rows, row('2026-11-01T00:00', '=HYPERLINK("x")', 2)], (k) => k, 'cost', 'desc');
    const csv = explorerCsv('Mode', table).trim().split('\r\n');
    expect(csv[0]).toBe('Mode,requests,input_tokens,output_tokens,cost_usd,share_of_cost,unpriced_requests');
    expect(csv[1]).toBe('ask,1,10,1,7.000000,53.8 %,0');
    expect(csv[2]).toBe('code,3,30,3,6.000000,46.2 %,0');
    expect(csv[3]).toBe(`"'=HYPERLINK(""x"")",1,10,1,0.000002,0.0 %,0`);
    expect(csv).toHaveLength(1 + table.length);
    expect(microsToDecimal(-1_500_001)).toBe('-1.500001');
  });
});

describe('month-end projection', () => {
  it('adds the last week’s daily rate for the days left to what is spent so far', () => {
    expect(
      projectMonthEnd({ monthToDateMicros: 10_000_000, recentMicros: 7_000_000, recentDays: 7, daysInMonth: 30, remainingDays: 20.5 }),
    ).toEqual({ dailyRateMicros: 1_000_000, projectedMicros: 30_500_000 });
    expect(projectMonthEnd({ monthToDateMicros: 3_000_000, recentMicros: 0, recentDays: 0, daysInMonth: 30, remainingDays: 27 })).toEqual({
      dailyRateMicros: 1_000_000,
      projectedMicros: 30_000_000,
    });
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(1, 0)).toBeNull();
  });
});
