/** The Overview's widgets agree with each other and with the raw events of the same period. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthEndProjection, periodTotals, spendBy, spendOverTime, topCostDrivers, type DashboardScope } from '@/db/queries/overview';
import { loadExplorer } from '@/db/queries/explorer';
import { rowsOf } from '@/db/rows';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { resolvePeriod } from '@/lib/time/periods';
import { parseExplorerState } from '@/lib/usage/explorer-state';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';

let t: TestDatabase;
let projects: { id: string; slug: string; name: string }[];
const NOW = new Date('2026-11-20T15:30:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projects = [];
  for (const seed of [5, 6]) {
    const project = await makeProject(t);
    projects.push(project);
    const items = [...generateDemoEvents({ seed, days: 70, end: new Date('2026-11-20T15:00:00Z') })].map((e) => ({
      ok: true as const,
      value: e.event,
    }));
    await ingestItems(asSystem(t), { projectId: project.id, items, window: { now: NOW, lateArrivalDays: null } });
  }
});
afterAll(async () => t?.destroy());

async function rawCost(from: Date, to: Date, projectIds?: string[]): Promise<number> {
  const ids = projectIds ?? projects.map((p) => p.id);
  const [row] = rowsOf<{ cost: string }>(
    await t.db.execute(sql`select coalesce(sum(cost_micros), 0)::text as cost from usage_events where occurred_at >=
      ${from.toISOString()}::timestamptz
      and occurred_at < ${to.toISOString()}::timestamptz and project_id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`),
  );
  return Number(row!.cost);
}

describe('overview widgets', () => {
  const scope = (range: string, projectIds: string[] = []): DashboardScope => ({
    period: resolvePeriod({ range: range as never }, NOW, 'UTC'),
    timeZone: 'UTC',
    projectIds,
  });

  it('totals equal the raw events of the period and of the previous one', async () => {
    const s = scope('30d');
    const { current, previous, previousLabel } = await periodTotals(t.db, s, NOW);
    expect(current.costMicros).toBe(await rawCost(s.period.from, s.period.to));
    expect(current.costMicros).toBeGreaterThan(0);
    // The period runs until 16:00 today (the end of NOW's hour): the previous 30 days are cut to as many hours.
    const elapsed = Date.parse('2026-11-20T16:00:00Z') - s.period.from.getTime();
    const previousFrom = new Date(s.period.from.getTime() - 30 * 86_400_000);
    expect(previous.costMicros).toBe(await rawCost(previousFrom, new Date(previousFrom.getTime() + elapsed)));
    expect(previousLabel).toBe('previous 30 days to the same hour');
    const ended = await periodTotals(t.db, s, new Date('2026-12-25T00:00:00Z'));
    expect(ended.previous.costMicros).toBe(await rawCost(previousFrom, s.period.from));
    const one = await periodTotals(t.db, scope('30d', [projects[0]!.id]), NOW);
    expect(one.current.costMicros).toBe(await rawCost(s.period.from, s.period.to, [projects[0]!.id]));
  });

  it('today is compared with the same hours of yesterday, not the whole day', async () => {
    const today = await periodTotals(t.db, scope('today'), NOW);
    expect(today.previousLabel).toBe('same hours of yesterday (00:00–16:00)');
    expect(today.previous.costMicros).toBe(await rawCost(new Date('2026-11-19T00:00:00Z'), new Date('2026-11-19T16:00:00Z')));
    expect(today.previous.costMicros).toBeLessThan(await rawCost(new Date('2026-11-19T00:00:00Z'), new Date('2026-11-20T00:00:00Z')));
    expect(today.current.costMicros).toBe(await rawCost(new Date('2026-11-20T00:00:00Z'), new Date('2026-11-21T00:00:00Z')));
  });

  it('spend over time, by tier, top drivers and the explorer all add up to the same total', async () => {
    const s = scope('30d');
    const total = (await periodTotals(t.db, s, NOW)).current.costMicros;
    for (const by of ['mode', 'tier', 'model'] as const)
      expect((await spendOverTime(t.db, s, by)).reduce((a, r) => a + r.costMicros, 0)).toBe(total);
    expect((await spendBy(t.db, s, [{ dimension: 'tier' }])).reduce((a, r) => a + r.costMicros, 0)).toBe(total);
    const drivers = await topCostDrivers(t.db, s);
    expect(drivers.length).toBe(10);
    expect(drivers.map((d) => d.costMicros)).toEqual([...drivers.map((d) => d.costMicros)].sort((a, b) => b - a));
    for (const group of ['mode', 'user', 'tag:team', 'project']) {
      const data = await loadExplorer(t.db, parseExplorerState({ group, range: '30d' }), { timeZone: 'UTC', projects, now: NOW });
      expect(data.table.reduce((a, r) => a + r.costMicros, 0)).toBe(total);
    }
  });

  it('projects the month from what is spent so far and the last 7 full days', async () => {
    const p = await monthEndProjection(t.db, { timeZone: 'UTC', projectIds: [] }, NOW);
    const monthStart = new Date('2026-11-01T00:00:00Z');
    const today = new Date('2026-11-20T00:00:00Z');
    expect(p.monthToDateMicros).toBe(await rawCost(monthStart, new Date('2026-11-21T00:00:00Z')));
    const week = await rawCost(new Date('2026-11-13T00:00:00Z'), today);
    expect(p.dailyRateMicros).toBe(Math.round(week / 7));
    // 10 days after the 20th, plus the rest of today (8.5 of 24 hours).
    expect(p.projectedMicros).toBe(p.monthToDateMicros + Math.round((week / 7) * (10 + 8.5 / 24)));
    expect(p.month).toBe('2026-11');
  });
});
