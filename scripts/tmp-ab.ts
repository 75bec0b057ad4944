import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { explorerQuery, type ProjectRef } from '@/db/queries/explorer';
import { usageSql } from '@/db/queries/usage-aggregate';
import { jsonRowsOf, rowsOf } from '@/db/rows';
import { parseExplorerState } from '@/lib/usage/explorer-state';
import { planSource } from '@/lib/usage/query';
import { measuresReadBy } from '@/lib/usage/measures';
import { getDailyRollupZone } from '@/db/queries/org-settings';

async function main() {
  const handle = await openDatabase({ driver: 'postgres', url: process.argv[2]! });
  const projects = (await handle.rawQuery(`select id, slug, name from projects where slug like 'project-%'`, [])) as unknown as ProjectRef[];
  const views: Record<string, string>[] = [
    { group: 'user', model: 'claude-sonnet-4-5', period: '90d' },
    { group: 'user', task: 'refactor', period: '90d' },
    { group: 'user', period: '90d' },
  ];
  for (const params of views) {
    const state = parseExplorerState(params);
    const { query } = explorerQuery(state, { timeZone: 'America/New_York', projects, now: new Date() });
    const source = planSource(query, await getDailyRollupZone(handle.db, query.from));
    const statement = usageSql(query, source);
    const columns = [...(query.granularity ? ['bucket'] : []), ...query.groupBy.map((_, i) => `k${i}`), ...measuresReadBy(query.measures).map((m) => m.column)];
    const time = async (fn: () => Promise<unknown>) => {
      await fn();
      const t: number[] = [];
      for (let i = 0; i < 10; i++) {
        const s = performance.now();
        await fn();
        t.push(performance.now() - s);
      }
      return t.sort((a, b) => a - b).map(Math.round);
    };
    for (let round = 0; round < 2; round++) {
      const typed = await time(async () => rowsOf(await handle.db.execute(statement)));
      const json = await time(async () => jsonRowsOf((q) => handle.db.execute(q), statement, columns));
      console.log(JSON.stringify(params), 'typed', typed.join(','), '| json', json.join(','));
    }
    if (process.argv[3]) {
      const plan = rowsOf<Record<string, string>>(await handle.db.execute(sql`explain (analyze, buffers) ${statement}`));
      console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
    }
  }
  await handle.close();
}
main();
