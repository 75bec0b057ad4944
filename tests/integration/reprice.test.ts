import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, getJobById } from '@/db/queries/jobs';
import { invalidatePricer } from '@/db/queries/pricing-config';
import { rowsOf } from '@/db/rows';
import { modelAliases, modelPrices, modelTiers } from '@/db/schema';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { drainJobs } from '@/server/jobs/scheduler';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';
import { grainTotalsDifferingFromRaw, NO_DIFFERENCES, rawAndRollupSums, rollupRowsDifferingFromRaw } from '../helpers/rollups';

let t: TestDatabase;
let projectId: string;
const END = new Date('2026-11-01T00:00:00Z');
const CUTOFF = new Date('2026-10-25T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projectId = (await makeProject(t)).id;
  const events = [...generateDemoEvents({ seed: 11, days: 14, end: END })].map((e) => ({ ok: true as const, value: e.event }));
  // One event of a model nobody prices yet, under a gateway's own name.
  events.push({
    ok: true,
    value: {
      event_id: 'custom-1',
      timestamp: '2026-10-30T10:00:00Z',
      provider: 'litellm',
      model: 'sonnet-prod',
      usage: { input_tokens: 10_000, output_tokens: 1_000 },
    },
  });
  invalidatePricer();
  await ingestItems(asSystem(t), { projectId, items: events, window: { now: END, lateArrivalDays: null } });
});
afterAll(async () => t?.destroy());

async function sonnetCosts() {
  return rowsOf<{ after: boolean; cost: string; n: number }>(
    await t.db.execute(sql`select occurred_at >= ${CUTOFF.toISOString()}::timestamptz as after, sum(cost_micros)::text as cost,
      count(*)::int as n
      from usage_events where project_id = ${projectId} and model = 'claude-sonnet-4-5' group by 1 order by 1`),
  );
}

describe('re-pricing history after a price change', () => {
  it('applies a negotiated price from its effective date only, as a job with progress, keeping rollups equal to raw', async () => {
    const before = await sonnetCosts();
    await t.db.insert(modelPrices).values({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      effectiveFrom: CUTOFF,
      inputMicrosPerMTok: 1_000_000,
      outputMicrosPerMTok: 5_000_000,
    });
    const job = await createJob(t.db, {
      kind: 'reprice',
      params: { provider: 'anthropic', model: 'claude-sonnet-4-5', from: CUTOFF.toISOString() },
    });
    await drainJobs(t);
    const done = await getJobById(t.db, { id: job.id });
    expect(done).toMatchObject({ status: 'done' });
    expect(done!.processed).toBe(done!.total);
    expect(done!.total).toBe(before.find((r) => r.after)!.n);

    const after = await sonnetCosts();
    expect(after.find((r) => !r.after)!.cost).toBe(before.find((r) => !r.after)!.cost); // history before the date is untouched
    expect(Number(after.find((r) => r.after)!.cost)).toBeLessThan(Number(before.find((r) => r.after)!.cost));
    const [source] = rowsOf<{ s: string }>(
      await t.db.execute(
        sql`select distinct price_source as s from usage_events
          where model = 'claude-sonnet-4-5' and occurred_at >= ${CUTOFF.toISOString()}::timestamptz`,
      ),
    );
    expect(source!.s).toMatch(/^custom:/);

    const sums = await rawAndRollupSums(t.db, projectId);
    expect(grainTotalsDifferingFromRaw(sums)).toEqual([]);
    expect(Number(sums.rawPerTag.requests)).toBeGreaterThan(0);
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    expect(sums.sessions).toEqual(sums.sessionlessRaw);
  });

  it('prices an unpriced model once an alias maps it to a known one', async () => {
    const [unpriced] = rowsOf<{ cost: string | null }>(
      await t.db.execute(sql`select cost_micros::text as cost from usage_events where event_id = 'custom-1'`),
    );
    expect(unpriced!.cost).toBeNull();
    await t.db
      .insert(modelAliases)
      .values({ provider: 'litellm', model: 'sonnet-prod', targetProvider: 'anthropic', targetModel: 'claude-opus-4-5' });
    await createJob(t.db, { kind: 'reprice', params: { provider: 'litellm', model: 'sonnet-prod' } });
    await drainJobs(t);
    const [priced] = rowsOf<{ cost: string }>(
      await t.db.execute(sql`select cost_micros::text as cost from usage_events where event_id = 'custom-1'`),
    );
    expect(priced!.cost).toBe('75000'); // 10,000×5 + 1,000×25 (Opus 4.5)
    const sums = await rawAndRollupSums(t.db, projectId);
    expect(grainTotalsDifferingFromRaw(sums)).toEqual([]);
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    expect(sums.raw.unpriced_requests).toBe('0');
  });

  it('re-tiers history on request, moving rollup rows to the new tier', async () => {
    await t.db.insert(modelTiers).values({ provider: 'google', model: 'gemini-2.5-flash', tier: 'economy' });
    await createJob(t.db, { kind: 'retier', params: { provider: 'google', model: 'gemini-2.5-flash' } });
    await drainJobs(t);
    const tiers = rowsOf<{ tier: string }>(
      await t.db.execute(sql`select distinct tier from usage_hourly where model = 'gemini-2.5-flash'`),
    );
    expect(tiers).toEqual([{ tier: 'economy' }]);
    const sums = await rawAndRollupSums(t.db, projectId);
    expect(grainTotalsDifferingFromRaw(sums)).toEqual([]);
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
  });
});
