/**
 * The month grain of the savings rollup (db/tables/savings.ts usageMonthlySavings), kept equal to the day rows
 * summed by local month by statement triggers on usage_daily_savings: each statement's inserted rows are added,
 * updated rows added as the difference (new − old), deleted rows subtracted, a truncate empties it. Whatever
 * writes the days — ingestion, re-price deltas, zone moves — the months follow in the same transaction.
 * The migration `savings_month_sql` holds this module's SQL (tests/integration/savings-month.test.ts checks it).
 */
import { grainNamed } from '@/lib/ingest/rollup-grains';

const DAY_GRAIN = grainNamed('dailySavings');
/** The key columns after project_id and the bucket, the same in both tables. */
export const SAVINGS_KEY_COLUMNS: readonly string[] = DAY_GRAIN.keyColumns;
export const SAVINGS_MEASURE_COLUMNS: readonly string[] = DAY_GRAIN.measures.map((m) => m.column);
export const MONTHLY_SAVINGS_KEY: readonly string[] = ['project_id', 'month', ...SAVINGS_KEY_COLUMNS];

/** A local day's month, as its first day (date arithmetic only: no session time zone involved). */
export const monthOfDaySql = (day: string) => `(${day} - (extract(day from ${day})::int - 1))`;

/** Rows of a transition table as month rows, their measures signed. */
const monthRows = (table: string, sign: '' | '-') =>
  `select project_id, ${monthOfDaySql('day')} as month, ${SAVINGS_KEY_COLUMNS.join(', ')}, ${SAVINGS_MEASURE_COLUMNS.map(
    (c) => `${sign}${c} as ${c}`,
  ).join(', ')} from ${table}`;

/** Adds the summed rows of `source` (month rows) to the month grain, in key order (concurrent writers never deadlock on it). */
function addSql(source: string): string {
  const key = MONTHLY_SAVINGS_KEY.join(', ');
  const positions = MONTHLY_SAVINGS_KEY.map((_, i) => i + 1);
  return `insert into usage_monthly_savings as m (${key}, ${SAVINGS_MEASURE_COLUMNS.join(', ')})
    select ${key}, ${SAVINGS_MEASURE_COLUMNS.map((c) => `sum(${c})::bigint`).join(', ')} from (${source}) x
    group by ${positions.join(', ')} order by ${[2, 1, ...positions.slice(2)].join(', ')}
    on conflict (${key}) do update set ${SAVINGS_MEASURE_COLUMNS.map((c) => `${c} = m.${c} + excluded.${c}`).join(', ')}`;
}

/** Month rows of the given keys left with no request (their days were moved or deleted) are removed, as day rows are. */
const dropEmptySql = (table: string) =>
  `delete from usage_monthly_savings m using (select distinct project_id, ${monthOfDaySql('day')} as month, ${SAVINGS_KEY_COLUMNS.join(
    ', ',
  )} from ${table}) t
    where ${MONTHLY_SAVINGS_KEY.map((c) => `m.${c} = t.${c}`).join(' and ')} and m.requests = 0`;

const fn = (name: string, body: string[]) => `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${body.join(';\n  ')};
  RETURN NULL;
END $$;`;

/** The functions and triggers, then the months summed from the days already stored; statements split by drizzle's breakpoint. */
export function monthlySavingsMigrationSql(): string[] {
  return [
    fn('usage_monthly_savings_inserted', [addSql(monthRows('new_rows', ''))]),
    fn('usage_monthly_savings_updated', [
      addSql(`${monthRows('new_rows', '')} union all ${monthRows('old_rows', '-')}`),
      dropEmptySql('old_rows'),
    ]),
    fn('usage_monthly_savings_deleted', [addSql(monthRows('old_rows', '-')), dropEmptySql('old_rows')]),
    fn('usage_monthly_savings_truncated', ['TRUNCATE usage_monthly_savings']),
    `CREATE TRIGGER usage_monthly_savings_inserted AFTER INSERT ON usage_daily_savings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION usage_monthly_savings_inserted()`,
    `CREATE TRIGGER usage_monthly_savings_updated AFTER UPDATE ON usage_daily_savings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_monthly_savings_updated()`,
    `CREATE TRIGGER usage_monthly_savings_deleted AFTER DELETE ON usage_daily_savings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION usage_monthly_savings_deleted()`,
    `CREATE TRIGGER usage_monthly_savings_truncated AFTER TRUNCATE ON usage_daily_savings
  FOR EACH STATEMENT EXECUTE FUNCTION usage_monthly_savings_truncated()`,
    addSql(`${monthRows('usage_daily_savings', '')} where requests <> 0`),
  ];
}
