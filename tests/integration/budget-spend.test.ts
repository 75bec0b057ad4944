/**
 * A budget's spend is the exact sum of the computed cost of the events its scope matches in its period
 * (DESIGN "Budgets"): for random scopes and periods (fast-check) the figure the services read from the rollups
 * equals the sum over the stored raw events filtered by the scope matcher in JS — and stays equal after a
 * re-price, a late event, an import of old history, a time-zone change, and retention (which drops raw months
 * but keeps the rollups: the figure is unchanged).
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '@/db/ingest/retention';
import { createJob } from '@/db/queries/jobs';
import { invalidatePricer } from '@/db/queries/pricing-config';
import { rowsOf } from '@/db/rows';
import { modelPrices } from '@/db/schema';
import { type BudgetPeriod, type CalendarUnit, periodAt, previousPeriods } from '@/lib/budgets/periods';
import { type BudgetScope, scopeSchema } from '@/lib/budgets/schema';
import { compileScope } from '@/lib/budgets/scope';
import { generateDemoEvents } from '@/lib/demo/generator';
import { figuresOf } from '@/services/budgets/budget-figures';
import { ingestItems } from '@/services/ingest/ingest-items';
import { drainJobs } from '@/server/jobs/scheduler';
import { setOrgTimeZone } from '@/services/organisation/set-org-time-zone';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
const projects: string[] = [];
const END = new Date('2026-11-20T00:00:00Z');

interface StoredEvent {
  project: string;
  at: number;
  cost: number | null;
  mode: string | null;
  task: string | null;
  user: string | null;
  tier: string | null;
  model: string | null;
  provider: string | null;
  tags: Record<string, string>;
}

async function storedEvents(): Promise<StoredEvent[]> {
  const rows = rowsOf<Record<string, string | null> & { tags: Record<string, string> | null; at: string }>(
    await t.db.execute(sql`select project_id::text as project, (extract(epoch from occurred_at) * 1000)::bigint::text as at,
      cost_micros::text as cost, mode, task, user_id as "user", tier, model, provider, tags from usage_events`),
  );
  return rows.map((r) => ({
    project: r.project!,
    at: Number(r.at),
    cost: r.cost === null ? null : Number(r.cost),
    mode: r.mode ?? null,
    task: r.task ?? null,
    user: r.user ?? null,
    tier: r.tier ?? null,
    model: r.model ?? null,
    provider: r.provider ?? null,
    tags: r.tags ?? {},
  }));
}

function rawSpend(events: StoredEvent[], scope: BudgetScope, period: BudgetPeriod) {
  const matches = compileScope(scope);
  let spend = 0;
  let unpriced = 0;
  for (const e of events) {
    if (e.at < period.start.getTime() || e.at >= period.end.getTime()) continue;
    if (!matches({ ...e, project: e.project })) continue;
    if (e.cost === null) unpriced += 1;
    else spend += e.cost;
  }
  return { spend, unpriced };
}

/** Values that occur in the demo data (and one that does not), so random scopes match something. */
const VALUES = {
  mode: ['code', 'plan', 'ask', 'debug', 'nobody'],
  provider: ['anthropic', 'openai', 'google'],
  tier: ['frontier', 'balanced', 'economy'],
  model: ['claude-sonnet-4-5', 'gpt-5-mini', 'gemini-2.5-flash'],
  user: ['alice@example.com', 'bob@example.com', 'dev-3'],
};

const scopeArb = fc
  .record(
    {
      project: fc.subarray([0, 1], { maxLength: 1 }),
      mode: fc.subarray(VALUES.mode, { maxLength: 2 }),
      provider: fc.subarray(VALUES.provider, { maxLength: 2 }),
      tier: fc.subarray(VALUES.tier, { maxLength: 2 }),
      model: fc.subarray(VALUES.model, { maxLength: 2 }),
      user: fc.subarray(VALUES.user, { maxLength: 2 }),
      tagKeys: fc.subarray(['team', 'env'], { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((r) => ({ ...r }));

let sampleTags: Record<string, string[]> = {};

function toScope(r: Record<string, unknown>): BudgetScope {
  const tags = Object.fromEntries(
    ((r.tagKeys as string[] | undefined) ?? []).filter((k) => sampleTags[k]).map((k) => [k, sampleTags[k]!.slice(0, 1)]),
  );
  return scopeSchema.parse({
    project: ((r.project as number[] | undefined) ?? []).map((i) => projects[i]),
    mode: r.mode ?? [],
    provider: r.provider ?? [],
    tier: r.tier ?? [],
    model: r.model ?? [],
    user: r.user ?? [],
    tags,
  });
}

const unitArb = fc.constantFrom<CalendarUnit>('day', 'week', 'month');

async function checkRandomScopes(timeZone: string, runs: number, now: Date) {
  const events = await storedEvents();
  await fc.assert(
    fc.asyncProperty(scopeArb, unitArb, fc.integer({ min: 0, max: 3 }), async (r, unit, back) => {
      const scope = toScope(r);
      const current = periodAt({ kind: unit }, timeZone, now);
      const period = back === 0 ? current : previousPeriods({ kind: unit }, timeZone, current, back)[back - 1]!;
      const [f] = await figuresOf(t.db, { items: [{ budget: { scope, amountMicros: 1_000_000, thresholds: [50] }, period }], timeZone });
      const raw = rawSpend(events, scope, period);
      expect(f!.counted).toBe(true);
      expect({ spend: f!.status.spendMicros, unpriced: f!.status.unpricedRequests }).toEqual(raw);
    }),
    { numRuns: runs, seed: 20261201 },
  );
}

beforeAll(async () => {
  t = await openTestDatabase();
  projects.push((await makeProject(t)).id, (await makeProject(t)).id);
  for (const [i, projectId] of projects.entries()) {
    const events = [...generateDemoEvents({ seed: 40 + i, days: 45, end: END })].map((e) => ({ ok: true as const, value: e.event }));
    await ingestItems(asSystem(t), { projectId, items: events, window: { now: END, lateArrivalDays: null } });
  }
  // The tag values the demo writes, so tag scopes match something.
  const tagRows = rowsOf<{ k: string; v: string }>(
    await t.db.execute(sql`select distinct t.key as k, t.value as v from usage_events, jsonb_each_text(tags) t order by 1, 2 limit 50`),
  );
  sampleTags = {};
  for (const r of tagRows) (sampleTags[r.k] ??= []).push(r.v);
  // Rename the keys the generator does not use to ones it does.
  const keys = Object.keys(sampleTags);
  if (keys[0] && !sampleTags.team) sampleTags.team = sampleTags[keys[0]]!;
  if (keys[1] && !sampleTags.env) sampleTags.env = sampleTags[keys[1]]!;
  // Users of the demo data, for user scopes.
  const users = rowsOf<{ u: string }>(
    await t.db.execute(sql`select distinct user_id as u from usage_events where user_id is not null limit 3`),
  );
  VALUES.user = [...users.map((u) => u.u), 'nobody@example.com'];
});
afterAll(async () => t?.destroy());

describe('budget spend equals the raw events for random scopes', () => {
  it('in UTC', async () => {
    await checkRandomScopes('UTC', 40, new Date('2026-11-19T15:00:00Z'));
  });

  it('after a re-price, a late event and an import of old history', async () => {
    await t.db.insert(modelPrices).values({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      effectiveFrom: new Date('2026-11-01T00:00:00Z'),
      inputMicrosPerMTok: 1_000_000,
      outputMicrosPerMTok: 5_000_000,
    });
    invalidatePricer();
    await createJob(t.db, {
      kind: 'reprice',
      params: { provider: 'anthropic', model: 'claude-sonnet-4-5', from: '2026-11-01T00:00:00.000Z' },
    });
    await drainJobs(t);
    const late = [...generateDemoEvents({ seed: 77, days: 2, end: new Date('2026-11-10T00:00:00Z') })].map((e, i) => ({
      ok: true as const,
      value: { ...e.event, event_id: `late-${i}` },
    }));
    await ingestItems(asSystem(t), { projectId: projects[0]!, items: late, window: { now: END, lateArrivalDays: 30 } });
    const old = [...generateDemoEvents({ seed: 78, days: 20, end: new Date('2026-09-20T00:00:00Z') })].map((e, i) => ({
      ok: true as const,
      value: { ...e.event, event_id: `imp-${i}` },
    }));
    await ingestItems(asSystem(t), { projectId: projects[1]!, items: old, window: { now: END, lateArrivalDays: null } }); // the import path
    await checkRandomScopes('UTC', 25, new Date('2026-11-19T15:00:00Z'));
    await checkRandomScopes('UTC', 15, new Date('2026-09-15T15:00:00Z'));
  });

  it('after a time-zone change (periods on the new zone’s midnights, the day rollups rebuilt)', async () => {
    const admin = await makeUser(t, 'admin');
    await setOrgTimeZone(as(t, admin), { timeZone: 'America/New_York' });
    await drainJobs(t); // the zone change is a job (ADR 0014)
    await checkRandomScopes('America/New_York', 25, new Date('2026-11-19T15:00:00Z'));
    await setOrgTimeZone(as(t, admin), { timeZone: 'Asia/Kolkata' });
    await drainJobs(t); // the zone change is a job (ADR 0014)
    await checkRandomScopes('Asia/Kolkata', 20, new Date('2026-11-19T15:00:00Z'));
  });

  it('after retention dropped the raw months: the figures are unchanged (read from the rollups)', async () => {
    const timeZone = 'Asia/Kolkata';
    const period = periodAt({ kind: 'month' }, timeZone, new Date('2026-09-15T00:00:00Z'));
    const scope = scopeSchema.parse({ project: [projects[1]!] });
    const read = async () =>
      (await figuresOf(t.db, { items: [{ budget: { scope, amountMicros: 1, thresholds: [50] }, period }], timeZone }))[0]!.status;
    const before = await read();
    expect(before.spendMicros).toBeGreaterThan(0);
    await applyRetention(t, { months: 2, now: new Date('2026-12-05T00:00:00Z') }); // drops September and before
    const left = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from usage_events where occurred_at < '2026-09-30'`),
    )[0]!.n;
    expect(left).toBe(0);
    expect(await read()).toEqual(before);
  });
});
