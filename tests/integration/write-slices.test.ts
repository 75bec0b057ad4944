/**
 * The write path's slices and statements: on the embedded database a large batch is written 250 rows a statement
 * in one transaction, through a named prepared statement whose values travel as SQL literals. A batch stays all or
 * nothing, every row reaches the rollups once, and a value with quotes is stored as sent (never read as SQL).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeUsageEvents } from '@/db/ingest/write-events';
import { rowsOf } from '@/db/rows';
import { prepareRows } from '@/lib/ingest/prepare-rows';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeProject } from '../helpers/fixtures';
import { grainTotalsDifferingFromRaw, NO_DIFFERENCES, rawAndRollupSums, rollupRowsDifferingFromRaw } from '../helpers/rollups';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const HOSTILE = `o'brien'); drop table usage_events; --`;

function rowsOf700(now: Date) {
  const items = Array.from({ length: 700 }, (_, i) => ({
    ok: true as const,
    value: {
      event_id: randomUUID(),
      timestamp: new Date(now.getTime() - (i + 1) * 60_000).toISOString(),
      mode: i % 2 ? 'code' : 'plan',
      user: i === 650 ? HOSTILE : `user-${i % 7}`,
      tags: { team: i === 651 ? HOSTILE : 'infra' },
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { input_tokens: 1000 + i, output_tokens: 100 },
    },
  }));
  return prepareRows(items, { now, lateArrivalDays: null }, createPricer(EMPTY_PRICING_CONFIG)).rows;
}

describe('a batch larger than one slice', () => {
  it('stores every row once, in every rollup, and a second write of it adds nothing', async () => {
    const projectId = (await makeProject(t)).id;
    const rows = rowsOf700(new Date());
    expect(await writeUsageEvents(t, projectId, rows)).toBe(700);
    expect(await writeUsageEvents(t, projectId, rows)).toBe(0);
    const sums = await rawAndRollupSums(t.db, projectId);
    expect(grainTotalsDifferingFromRaw(sums)).toEqual([]);
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
    const [count] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from usage_events where project_id = ${projectId}::uuid`),
    );
    expect(count?.n).toBe(700);
  });

  it('keeps values with quotes exactly as sent', async () => {
    const projectId = (await makeProject(t)).id;
    await writeUsageEvents(t, projectId, rowsOf700(new Date()));
    const found = rowsOf<{ user_id: string | null; team: string | null }>(
      await t.db.execute(sql`select user_id, tags->>'team' as team from usage_events
        where project_id = ${projectId}::uuid and (user_id = ${HOSTILE} or tags->>'team' = ${HOSTILE})`),
    );
    expect(found).toHaveLength(2);
  });
});

describe('rawPrepared', () => {
  it('answers two first uses of one statement at once (one preparation, shared)', async () => {
    // A text no other test has prepared (the random term is multiplied by 0).
    const text = `select $1::int4 + 0 * ${Math.floor(Math.random() * 1e6)} as n`;
    const [a, b] = await Promise.all([t.rawPrepared(text, ['1']), t.rawPrepared(text, ['2'])]);
    expect([Number(a[0]!.n), Number(b[0]!.n)]).toEqual([1, 2]);
  });
});

describe('rawSequence', () => {
  it('is all or nothing: a failing statement undoes the ones before it', async () => {
    const table = `seq_${randomUUID().replaceAll('-', '')}`;
    await t.rawQuery(`create table ${table} (n int4 not null)`, []);
    const insert = `insert into ${table} (n) select $1::int4 returning n`;
    expect(await t.rawSequence(insert, [['1'], ['2']])).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    await expect(t.rawSequence(insert, [['3'], ['not a number']])).rejects.toThrow();
    expect(await t.rawQuery(`select n from ${table} order by n`, [])).toEqual([{ n: 1 }, { n: 2 }]);
    await t.rawQuery(`drop table ${table}`, []);
  });
});
