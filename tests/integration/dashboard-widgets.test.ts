/** The latency, error-rate, cache-hit, cost-per-session and cost-per-request widgets agree with the raw events. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cacheHitOverTime,
  costPerRequestByMode,
  costPerSessionOverTime,
  latencyOverTime,
  MAX_SERIES,
} from '@/db/queries/dashboard-widgets';
import type { DashboardScope } from '@/db/queries/overview';
import { rowsOf } from '@/db/rows';
import { generateDemoEvents } from '@/lib/demo/generator';
import { resolvePeriod } from '@/lib/time/periods';
import { bucketRange } from '@/lib/usage/latency';
import { LATENCY_BOUNDS_MS } from '@/lib/usage/measures';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';
import { NO_DIFFERENCES, rollupRowsDifferingFromRaw } from '../helpers/rollups';

let t: TestDatabase;
let projects: { id: string }[];
const NOW = new Date('2026-11-20T15:30:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projects = [];
  for (const seed of [7, 8]) {
    const project = await makeProject(t);
    projects.push(project);
    const items = [...generateDemoEvents({ seed, days: 20, end: new Date('2026-11-20T15:00:00Z') })].map((e) => ({
      ok: true as const,
      value: e.event,
    }));
    await ingestItems(asSystem(t), { projectId: project.id, items, window: { now: NOW, lateArrivalDays: null } });
  }
});
afterAll(async () => t?.destroy());

const scope = (range: string, projectIds: string[] = []): DashboardScope => ({
  period: resolvePeriod({ range: range as never }, NOW, 'UTC'),
  timeZone: 'UTC',
  projectIds,
});

async function raw<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await t.db.execute(query));
}
const inPeriod = (s: DashboardScope) =>
  sql`occurred_at >= ${s.period.from.toISOString()}::timestamptz and occurred_at < ${s.period.to.toISOString()}::timestamptz`;

describe('dashboard widgets', () => {
  it('the latency rollup equals the raw events, key by key', async () => {
    const differing = await rollupRowsDifferingFromRaw(t.db);
    expect(differing).toEqual(NO_DIFFERENCES);
    expect(Object.keys(differing)).toContain('usage_hourly_latency');
  });

  it('latency p50/p95 lie in the bucket of the exact percentile; error rates and counts are exact', async () => {
    const s = scope('7d');
    const { series, all } = await latencyOverTime(t.db, s, 'model');
    expect(series.length).toBeGreaterThan(1);
    expect(series.length).toBeLessThanOrEqual(MAX_SERIES + 1);
    const [totals] = await raw<{ n: number; errors: number }>(
      sql`select count(*)::int as n, (count(*) filter (where status <> 'ok'))::int as errors from usage_events where ${inPeriod(s)}`,
    );
    expect(all.requests).toBe(totals!.n);
    expect(all.errorRequests).toBe(totals!.errors);
    expect(series.reduce((a, x) => a + x.requests, 0)).toBe(totals!.n);
    const [exact] = await raw<{ p50: number; p95: number }>(
      sql`select percentile_disc(0.5) within group (order by latency_ms) as p50,
          percentile_disc(0.95) within group (order by latency_ms) as p95
        from usage_events where ${inPeriod(s)} and latency_ms is not null`,
    );
    for (const [estimate, value] of [
      [all.p50, exact!.p50],
      [all.p95, exact!.p95],
    ] as const) {
      const i = LATENCY_BOUNDS_MS.findIndex((b) => value < b);
      const { from, below } = bucketRange(i === -1 ? LATENCY_BOUNDS_MS.length : i);
      expect(estimate).toBeGreaterThanOrEqual(from);
      expect(estimate).toBeLessThan(below ?? Number.POSITIVE_INFINITY);
    }
    const top = series[0]!;
    const [provider, model] = top.key.split('/');
    const [one] = await raw<{ n: number; errors: number }>(
      sql`select count(*)::int as n, (count(*) filter (where status <> 'ok'))::int as errors from usage_events
        where ${inPeriod(s)} and provider = ${provider} and model = ${model}`,
    );
    expect(top.requests).toBe(one!.n);
    expect(top.errorRate).toBeCloseTo(one!.errors / one!.n, 12);
    expect(top.points.reduce((a, p) => a + p.requests, 0)).toBe(one!.n);
    const byProvider = await latencyOverTime(t.db, s, 'provider');
    expect(byProvider.all.requests).toBe(totals!.n);
  });

  it('one project only sees its own requests', async () => {
    const s = scope('7d', [projects[0]!.id]);
    const [n] = await raw<{ n: number }>(
      sql`select count(*)::int as n from usage_events where ${inPeriod(s)} and project_id = ${projects[0]!.id}`,
    );
    expect((await latencyOverTime(t.db, s, 'provider')).all.requests).toBe(n!.n);
  });

  it('cache-hit rate per bucket: cache reads over input tokens', async () => {
    const s = scope('7d');
    const { points, granularity } = await cacheHitOverTime(t.db, s);
    expect(granularity).toBe('day');
    const rows = await raw<{ bucket: string; part: string; whole: string }>(
      sql`select to_char(date_trunc('day', occurred_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI') as bucket,
        sum(cache_read_tokens)::text as part, sum(input_tokens)::text as whole
        from usage_events where ${inPeriod(s)} group by 1 order by 1`,
    );
    expect(points).toEqual(rows.map((r) => ({ bucket: r.bucket, part: Number(r.part), whole: Number(r.whole) })));
  });

  it('cost per session: the sessions begun in each bucket, their whole cost over their count', async () => {
    const s = scope('7d');
    const { points } = await costPerSessionOverTime(t.db, s);
    const rows = await raw<{ bucket: string; cost: string; n: string }>(
      sql`select to_char(date_trunc('day', first_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI') as bucket, sum(cost)::text as cost,
          count(*)::text as n
        from (select session_id, project_id, min(occurred_at) as first_at, coalesce(sum(cost_micros), 0) as cost from usage_events
          where session_id is not null group by 1, 2) x
        where first_at >= ${s.period.from.toISOString()}::timestamptz and first_at < ${s.period.to.toISOString()}::timestamptz
        group by 1 order by 1`,
    );
    expect(points.map(({ bucket, part, whole }) => ({ bucket, part, whole }))).toEqual(
      rows.map((r) => ({ bucket: r.bucket, part: Number(r.cost), whole: Number(r.n) })),
    );
    expect(points.length).toBeGreaterThan(0);
  });

  it('cost per request by mode: priced requests only, adding up to the period', async () => {
    const s = scope('30d');
    const { modes } = await costPerRequestByMode(t.db, s);
    const rows = await raw<{ mode: string; cost: string; priced: number }>(
      sql`select coalesce(mode, '') as mode, coalesce(sum(cost_micros), 0)::text as cost,
          (count(*) filter (where cost_micros is not null))::int as priced
        from usage_events where ${inPeriod(s)} group by 1`,
    );
    for (const r of rows) {
      const m = modes.find((x) => x.mode === (r.mode || '(none)'))!;
      expect(m.costMicros).toBe(Number(r.cost));
      expect(m.pricedRequests).toBe(r.priced);
      expect(m.points.reduce((a, p) => a + p.costMicros, 0)).toBe(m.costMicros);
    }
  });
});
