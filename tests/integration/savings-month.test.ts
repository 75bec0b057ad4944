/**
 * The month grain of the savings rollup (usage_monthly_savings, ADR 0013): equal to the day rows summed by month
 * after ingestion, a re-price, a zone change and deletes; its migration holds the SQL that keeps it; and a report
 * that reads whole months from it gets exactly the rows the day rows give (the fast path equals the slow one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob } from '@/db/queries/jobs';
import { invalidatePricer } from '@/db/queries/pricing-config';
import { MONTHLY_SAVINGS_KEY, monthlySavingsMigrationSql, monthOfDaySql, SAVINGS_MEASURE_COLUMNS } from '@/db/queries/savings-month';
import { savingsRollupRows, savingsRollupSpan, savingsServedModels } from '@/db/queries/savings';
import { rowsOf } from '@/db/rows';
import { modelPrices } from '@/db/schema';
import { generateDemoEvents } from '@/lib/demo/generator';
import { monthParts, type SavingsRollupRow } from '@/lib/savings/rollup-plan';
import { drainJobs } from '@/server/jobs/scheduler';
import { ingestItems } from '@/services/ingest/ingest-items';
import { enqueueJob } from '@/services/jobs/enqueue-job';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';

let t: TestDatabase;
let projectIds: string[];
const END = new Date('2026-11-10T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  projectIds = [(await makeProject(t)).id, (await makeProject(t)).id];
  const events = [...generateDemoEvents({ seed: 5, days: 75, end: END })].filter((_, i) => i % 4 === 0);
  for (const [p, projectId] of projectIds.entries()) {
    const items = events.filter((_, i) => i % 2 === p).map((e) => ({ ok: true as const, value: e.event }));
    for (let i = 0; i < items.length; i += 1000)
      await ingestItems(asSystem(t), { projectId, items: items.slice(i, i + 1000), window: { now: END, lateArrivalDays: null } });
  }
}, 600_000);
afterAll(async () => t?.destroy());

/** Month rows that differ from the day rows summed by month (both directions), and the month rows held. */
async function monthsDifferingFromDays(): Promise<{ differing: number; months: number }> {
  const key = MONTHLY_SAVINGS_KEY.map((c) => (c === 'month' ? `${monthOfDaySql('day')} as month` : c)).join(', ');
  const sums = SAVINGS_MEASURE_COLUMNS.map((c) => `sum(${c})::bigint as ${c}`).join(', ');
  const fromDays = `select ${key}, ${sums} from usage_daily_savings group by ${MONTHLY_SAVINGS_KEY.map((_, i) => i + 1).join(', ')}
    having sum(requests) <> 0`;
  const stored = `select ${[...MONTHLY_SAVINGS_KEY, ...SAVINGS_MEASURE_COLUMNS].join(', ')} from usage_monthly_savings`;
  const [row] = rowsOf<{ differing: number; months: number }>(
    await t.db.execute(
      sql.raw(`select ((select count(*) from (${stored} except all ${fromDays}) a) + (select count(*) from (${fromDays} except all
        ${stored}) b))::int as differing, (select count(*) from usage_monthly_savings)::int as months`),
    ),
  );
  return row!;
}

const byKey = (rows: SavingsRollupRow[]) =>
  [...rows].sort((a, b) =>
    JSON.stringify([a.slice, a.project, a.mode, a.task, a.provider, a.model, a.tier, a.routingRuleId, a.requestedModel, a.inputBand])
      .concat(a.routingTier)
      .localeCompare(
        JSON.stringify([
          b.slice,
          b.project,
          b.mode,
          b.task,
          b.provider,
          b.model,
          b.tier,
          b.routingRuleId,
          b.requestedModel,
          b.inputBand,
        ]).concat(b.routingTier),
      ),
  );

describe('the month grain of the savings rollup', () => {
  it('holds the day rows summed by month after ingestion', async () => {
    const state = await monthsDifferingFromDays();
    expect(state.differing).toBe(0);
    expect(state.months).toBeGreaterThan(100);
  });

  it('its migration is the SQL the module generates', () => {
    const dir = path.join(process.cwd(), 'db', 'migrations');
    const file = fs.readdirSync(dir).find((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('usage_monthly_savings_inserted'));
    const text = fs.readFileSync(path.join(dir, file!), 'utf8');
    for (const statement of monthlySavingsMigrationSql()) expect(text).toContain(statement);
  });

  it('reads whole months from the month grain: the same rows as the day rows, by slice, for any period and cut', async () => {
    const periods = [
      { fromDay: '2026-09-01', toDay: '2026-11-01', cuts: [] as string[] },
      { fromDay: '2026-09-01', toDay: '2026-11-01', cuts: ['2026-09-14'] },
      { fromDay: '2026-08-27', toDay: '2026-11-11', cuts: ['2026-10-10'] },
      // The last day held is 2026-11-09: November from its 1st to the 30th reads the month row (nothing after the 9th).
      { fromDay: '2026-10-05', toDay: '2026-12-01', cuts: [] },
      { fromDay: '2026-10-12', toDay: '2026-10-19', cuts: [] },
    ];
    for (const p of periods) {
      const sliceStartDays = [
        '',
        p.fromDay,
        ...monthParts(p.fromDay, p.toDay)
          .slice(1)
          .map((m) => m.month),
        ...p.cuts,
      ].sort();
      for (const projects of [[], [projectIds[1]!]]) {
        const args = { fromDay: p.fromDay, toDay: p.toDay, sliceStartDays, projectIds: projects };
        const fast = await savingsRollupRows(t.db, args);
        const slow = await savingsRollupRows(t.db, { ...args, monthGrain: false });
        expect(fast.length).toBeGreaterThan(0);
        expect(byKey(fast)).toEqual(byKey(slow));
      }
    }
    const served = await savingsServedModels(t.db, { fromDay: '2026-10-05', toDay: '2026-12-01' });
    expect(served.reduce((s, m) => s + m.requests, 0)).toBe(
      (
        await savingsRollupRows(t.db, { fromDay: '2026-10-05', toDay: '2026-12-01', sliceStartDays: ['', '2026-10-05'], projectIds: [] })
      ).reduce((s, r) => s + r.requests, 0),
    );
    expect(await savingsRollupSpan(t.db)).toEqual({ first: '2026-08-27', last: '2026-11-09' });
  });

  it('follows a re-price, a zone change and deletes of day rows', async () => {
    await t.db.insert(modelPrices).values({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      effectiveFrom: new Date('2026-10-20T00:00:00Z'),
      inputMicrosPerMTok: 1_000_000,
      outputMicrosPerMTok: 5_000_000,
    });
    invalidatePricer();
    await createJob(t.db, { kind: 'reprice', params: { provider: 'anthropic', model: 'claude-sonnet-4-5', from: '2026-10-20T00:00:00Z' } });
    await drainJobs(t);
    expect((await monthsDifferingFromDays()).differing).toBe(0);

    await enqueueJob(asSystem(t), { kind: 'time-zone', params: { timeZone: 'Pacific/Auckland', stepHours: 240 } });
    await drainJobs(t);
    expect((await monthsDifferingFromDays()).differing).toBe(0);

    await t.db.execute(sql`delete from usage_daily_savings where project_id = ${projectIds[0]!} and day < '2026-10-15'`);
    expect((await monthsDifferingFromDays()).differing).toBe(0);
    await t.db.execute(sql`truncate usage_daily_savings`);
    expect(await monthsDifferingFromDays()).toEqual({ differing: 0, months: 0 });
  });
});
