/**
 * The measures of lib/usage/measures.ts as SQL: summed from usage events (the write path, zone rebuilds,
 * raw-event dashboard views, the test helpers) and from rollup rows. Generated, never written by hand.
 */
import { EVENT_FIELDS, type EventTest, type Measure } from '@/lib/usage/measures';

const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
const finite = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`measure bound ${n} is not a number`);
  return String(n);
};

function testSql(test: EventTest): string {
  const column = EVENT_FIELDS[test.field];
  if ('is' in test) return test.is === 'null' ? `${column} is null` : test.is === 'notNull' ? `${column} is not null` : column;
  if ('in' in test) return `${column} in (${test.in.map(literal).join(', ')})`;
  if ('notIn' in test) return `${column} not in (${test.notIn.map(literal).join(', ')})`;
  const parts = [
    ...(test.from === undefined ? [] : [`${column} >= ${finite(test.from)}`]),
    ...(test.below === undefined ? [] : [`${column} < ${finite(test.below)}`]),
  ];
  return parts.length > 0 ? parts.join(' and ') : `${column} is not null`;
}

/** A measure summed over a set of usage events (the JS twin: contributionOf). Never null. */
export function eventSumSql(m: Measure): string {
  const a = m.adds;
  if (a.kind === 'count') return 'count(*)';
  if (a.kind === 'countIf') return `count(*) filter (where ${testSql(a.test)})`;
  const column = EVENT_FIELDS[a.field];
  return a.scale === undefined ? `coalesce(sum(${column}), 0)` : `coalesce(sum(round(${column}::float8 * ${finite(a.scale)})::bigint), 0)`;
}

/** A measure summed over rollup rows. */
export const rollupSumSql = (m: Measure) => `sum(${m.column})`;

/** `column = <table>.column + excluded.column` for each measure: an upsert that adds to what is stored. */
export const addExcludedSql = (measures: readonly Measure[], table: string) =>
  measures.map((m) => `${m.column} = ${table}.${m.column} + excluded.${m.column}`).join(', ');

export const measureColumnsSql = (measures: readonly Measure[]) => measures.map((m) => m.column).join(', ');
