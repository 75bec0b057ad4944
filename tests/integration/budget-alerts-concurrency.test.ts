/**
 * Exactly-once alerts under concurrency: two app instances (on Postgres two connection pools on one database,
 * on PGlite two service contexts on the one embedded database) evaluate in loops while 8 writers ingest events
 * that cross the same thresholds. The ledger holds one row per threshold, and across all evaluation runs each
 * row was reported raised by exactly one instance (no instance believes it sent an alert another one sent).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedDatabase, type DatabaseHandle } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { alerts } from '@/db/tables/alerts';
import { createBudget } from '@/services/budgets/create-budget';
import { evaluateBudgets } from '@/services/budgets/evaluate-budgets';
import { ingestItems } from '@/services/ingest/ingest-items';
import { systemContext } from '@/services/context';
import { openTestDatabase, type TestDatabase, testDriver } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let second: DatabaseHandle;
beforeAll(async () => {
  t = await openTestDatabase();
  second = testDriver() === 'postgres' ? await openMigratedDatabase(t.target) : t;
});
afterAll(async () => {
  if (second !== t) await second.close();
  await t?.destroy();
});

describe('two evaluators and 8 concurrent writers', () => {
  it('insert exactly one alert per threshold crossed', async () => {
    const member = await makeUser(t, 'member');
    const projectId = (await makeProject(t)).id;
    // 8 writers × 10 batches × 5 events of 100k input + 10k output gpt-5-mini tokens (≈ $18 in all): the thresholds are
    // crossed one after another while the writers run.
    const budget = await createBudget(as(t, member), {
      name: 'Shared',
      period: { kind: 'month' },
      amount: '16',
      thresholds: [25, 50, 80, 100],
      scope: { project: [projectId] },
    });
    const now = new Date();
    let writing = true;
    const raised: string[][] = [[], []];
    const evaluator = async (handle: DatabaseHandle, i: number) => {
      while (writing) {
        const r = await evaluateBudgets(systemContext(handle, `evaluator-${i}`));
        raised[i]!.push(...r.alertIds);
      }
      raised[i]!.push(...(await evaluateBudgets(systemContext(handle, `evaluator-${i}`))).alertIds);
    };
    const writer = async (w: number) => {
      for (let b = 0; b < 10; b++) {
        const items = Array.from({ length: 5 }, (_, e) => ({
          ok: true as const,
          value: {
            event_id: `w${w}-b${b}-e${e}`,
            timestamp: new Date(now.getTime() - 60_000).toISOString(),
            provider: 'openai',
            model: 'gpt-5-mini',
            mode: 'code',
            usage: { input_tokens: 100_000, output_tokens: 10_000 },
          },
        }));
        await ingestItems(asSystem(w % 2 === 0 ? t : second), { projectId, items, window: { now, lateArrivalDays: null } });
      }
    };
    const evaluators = [evaluator(t, 0), evaluator(second, 1)];
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    writing = false;
    await Promise.all(evaluators);

    const rows = await t.db.select().from(alerts).where(sql`${alerts.budgetId} = ${budget.id}`);
    const [row] = rowsOf<{ cost: string }>(
      await t.db.execute(sql`select sum(cost_micros)::text as cost from usage_events where project_id = ${projectId}`),
    );
    const reached = [25, 50, 80, 100].filter((p) => Number(row!.cost) * 100 >= p * 16_000_000);
    expect(reached.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.trigger).sort()).toEqual(reached.map((p) => `threshold:${p}`).sort());
    const all = [...raised[0]!, ...raised[1]!];
    expect(all.sort()).toEqual(rows.map((r) => r.id).sort());
    expect(new Set(all).size).toBe(all.length);
  });
});
