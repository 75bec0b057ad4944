/**
 * Budgets: definitions, the evaluated status of each current period, the state version gateways wait on,
 * and the spend of many budgets at once — each budget's figure is the usage explorer's own statement
 * (db/queries/usage-aggregate.ts `usageSql` on the source lib/usage/query.ts plans), the statements of a batch
 * joined by UNION ALL so that one round trip answers them all. Never the raw events: the evaluator refuses to
 * read a budget whose plan says raw (services/budgets/budget-spend.ts).
 */
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { planSource, type UsageQuery, type UsageSource } from '@/lib/usage/query';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { type BudgetRow, type BudgetStatusRow, budgetStatuses, budgets } from '../tables/budgets';
import { usageSql } from './usage-aggregate';

export type NewBudget = Omit<BudgetRow, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

export async function listBudgetRows(db: Database): Promise<BudgetRow[]> {
  return db.select().from(budgets).orderBy(asc(budgets.name), asc(budgets.id));
}

export async function getBudgetRow(db: Database, { id, lock = false }: { id: string; lock?: boolean }): Promise<BudgetRow | undefined> {
  const q = db.select().from(budgets).where(eq(budgets.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertBudget(db: Database, values: NewBudget): Promise<BudgetRow> {
  const [row] = await db.insert(budgets).values(values).returning();
  return row!;
}

export async function updateBudgetRow(
  db: Database,
  { id, values }: { id: string; values: Partial<Omit<BudgetRow, 'id' | 'createdAt' | 'createdBy'>> },
): Promise<BudgetRow | undefined> {
  const [row] = await db.update(budgets).set(values).where(eq(budgets.id, id)).returning();
  return row;
}

export async function deleteBudgetRow(db: Database, { id }: { id: string }): Promise<BudgetRow | undefined> {
  const [row] = await db.delete(budgets).where(eq(budgets.id, id)).returning();
  return row;
}

export async function listBudgetStatusRows(db: Database, { ids }: { ids?: readonly string[] } = {}): Promise<BudgetStatusRow[]> {
  if (ids && ids.length === 0) return [];
  const q = db.select().from(budgetStatuses);
  return ids ? q.where(inArray(budgetStatuses.budgetId, [...ids])) : q;
}

export type StatusFigures = Omit<BudgetStatusRow, 'evaluatedAt' | 'changedAt'>;

/**
 * Writes the statuses whose figures differ from the stored ones (or that are new); returns the budget ids
 * changed. Unchanged rows are not rewritten (no dead tuples each second for a budget nobody spends on).
 */
export async function saveBudgetStatuses(db: Database, { rows, now }: { rows: readonly StatusFigures[]; now: Date }): Promise<string[]> {
  if (rows.length === 0) return [];
  // A budget deleted while it was being evaluated has no status to keep: lock the ones still there (a delete
  // then waits for this transaction) and write only theirs, instead of failing the whole run on the foreign key.
  const ids = [...new Set(rows.map((r) => r.budgetId))];
  const kept = new Set(
    (await db.select({ id: budgets.id }).from(budgets).where(inArray(budgets.id, ids)).for('key share')).map((r) => r.id),
  );
  const values = rows.filter((r) => kept.has(r.budgetId)).map((r) => ({ ...r, evaluatedAt: now, changedAt: now }));
  if (values.length === 0) return [];
  const changed = await db
    .insert(budgetStatuses)
    .values(values)
    .onConflictDoUpdate({
      target: budgetStatuses.budgetId,
      set: {
        periodKey: sql`excluded.period_key`,
        periodStart: sql`excluded.period_start`,
        periodEnd: sql`excluded.period_end`,
        spendMicros: sql`excluded.spend_micros`,
        unpricedRequests: sql`excluded.unpriced_requests`,
        state: sql`excluded.state`,
        percentTenths: sql`excluded.percent_tenths`,
        evaluatedAt: sql`excluded.evaluated_at`,
        changedAt: sql`excluded.changed_at`,
      },
      setWhere: sql`(${budgetStatuses.periodKey}, ${budgetStatuses.spendMicros}, ${budgetStatuses.unpricedRequests},
        ${budgetStatuses.state}, ${budgetStatuses.periodStart}) is distinct from
        (excluded.period_key, excluded.spend_micros, excluded.unpriced_requests, excluded.state, excluded.period_start)`,
    })
    .returning({ id: budgetStatuses.budgetId });
  return changed.map((r) => r.id);
}

export const BUDGET_STATE_CHANNEL = 'switchyard_budget_state';

/** Moves the state version and notifies every instance (delivered when the transaction commits). */
export async function bumpBudgetStateVersion(db: Database): Promise<number> {
  const [row] = rowsOf<{ version: string }>(
    await db.execute(sql`insert into budget_state_version (id, version, changed_at) values (1, 1, now())
      on conflict (id) do update set version = budget_state_version.version + 1, changed_at = now()
      returning version::text`),
  );
  const version = Number(row!.version);
  await db.execute(sql`select pg_notify(${BUDGET_STATE_CHANNEL}, ${String(version)})`);
  return version;
}

export async function getBudgetStateVersion(db: Database): Promise<number> {
  const [row] = rowsOf<{ version: string }>(await db.execute(sql`select version::text from budget_state_version where id = 1`));
  return row ? Number(row.version) : 0;
}

export interface SpendFigures {
  spendMicros: number;
  unpricedRequests: number;
  requests: number;
}

/** How many budgets' statements go in one UNION ALL (one round trip). */
const BATCH = 40;
/** How many of those round trips are in flight at once. */
const IN_FLIGHT = 3;

/**
 * The spend of each query (cost and unpriced requests over its filter and period), from the source the
 * planner picks with the organisation's daily zone — the explorer's statement for the same filter and period.
 * A query the planner can only answer from raw events is not run: its entry is null.
 */
export async function spendOfQueries(
  db: Database,
  { queries, dailyZone }: { queries: readonly UsageQuery[]; dailyZone: string },
): Promise<Array<SpendFigures | null>> {
  type Row = { i: number; requests: string | null; cost_micros: string | null; unpriced_requests: string | null };
  return inUnionBatches(db, {
    queries,
    zoneFor: () => dailyZone,
    part: (i, statement) => sql`(select ${i}::int as i, s.requests, s.cost_micros, s.unpriced_requests from (${statement}) s)`,
    answer: (rows: Row[]) => {
      const r = rows[0];
      return {
        spendMicros: Number(r?.cost_micros ?? 0),
        unpricedRequests: Number(r?.unpriced_requests ?? 0),
        requests: Number(r?.requests ?? 0),
      };
    },
  });
}

/**
 * Each day-granular query's cost per bucket day ('YYYY-MM-DD' → micro-dollars; days with none are missing),
 * in a few round trips as spendOfQueries; `zoneFor(from)` is the zone the day rollups hold whole days of for a
 * query starting then (getDailyRollupZone). Null where only raw events answer.
 */
export async function dailySpendOfQueries(
  db: Database,
  { queries, zoneFor }: { queries: readonly UsageQuery[]; zoneFor: (from: Date) => string | undefined },
): Promise<Array<Record<string, number> | null>> {
  type Row = { i: number; bucket: string | null; cost_micros: string | null };
  return inUnionBatches(db, {
    queries,
    zoneFor,
    part: (i, statement) => sql`(select ${i}::int as i, s.bucket::text as bucket, s.cost_micros from (${statement}) s)`,
    answer: (rows: Row[]) => {
      const days: Record<string, number> = {};
      for (const r of rows) if (r.bucket) days[r.bucket.slice(0, 10)] = (days[r.bucket.slice(0, 10)] ?? 0) + Number(r.cost_micros ?? 0);
      return days;
    },
  });
}

/**
 * Runs many usage queries as UNION ALLs of BATCH statements (IN_FLIGHT round trips at once), each part tagged
 * with its query's index `i`; each query's rows become its answer. Identical queries run once; a query the
 * planner can only answer from raw events is not run (null).
 */
async function inUnionBatches<R extends { i: number }, A>(
  db: Database,
  {
    queries,
    zoneFor,
    part,
    answer,
  }: {
    queries: readonly UsageQuery[];
    zoneFor: (from: Date) => string | undefined;
    part: (i: number, statement: SQL) => SQL;
    answer: (rows: R[]) => A;
  },
): Promise<Array<A | null>> {
  const out: Array<A | null> = queries.map(() => null);
  // Budgets with the same filter and period ask the same statement: it runs once, its answer goes to each.
  const sameAs = new Map<string, number[]>();
  queries.forEach((query, i) => {
    const key = JSON.stringify(query);
    const group = sameAs.get(key);
    if (group) group.push(i);
    else sameAs.set(key, [i]);
  });
  const planned = [...sameAs.values()]
    .map((group) => {
      const query = queries[group[0]!]!;
      return { i: group[0]!, query, source: planSource(query, zoneFor(query.from)) };
    })
    .filter((p): p is { i: number; query: UsageQuery; source: Extract<UsageSource, { kind: 'rollup' }> } => p.source.kind === 'rollup');
  const chunks: Array<typeof planned> = [];
  for (let start = 0; start < planned.length; start += BATCH) chunks.push(planned.slice(start, start + BATCH));
  // A few round trips in flight at once: Postgres answers them on its own cores (one connection queues them).
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      const parts = chunk.map((p) => part(p.i, usageSql(p.query, p.source)));
      const rows = rowsOf<R>(await db.execute(sql.join(parts, sql` union all `)));
      const byQuery = new Map<number, R[]>(chunk.map((p) => [p.i, []]));
      for (const r of rows) byQuery.get(Number(r.i))?.push(r);
      for (const [i, own] of byQuery) out[i] = answer(own);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, chunks.length) }, worker));
  for (const group of sameAs.values()) for (const i of group.slice(1)) out[i] = out[group[0]!] ?? null;
  return out;
}

/** The first local day with any recorded usage (the daily totals rollup, organisation zone), or null. */
export async function firstUsageDay(db: Database): Promise<string | null> {
  const [row] = rowsOf<{ day: string | null }>(await db.execute(sql`select min(day)::text as day from usage_daily_totals`));
  return row?.day ?? null;
}
