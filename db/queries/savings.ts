/**
 * The savings report's reads (ADR 0013): the savings rollup summed by report slice and replay key, and the
 * routing versions a baseline may name. Never the raw events: a 12-month report reads only day rows.
 */
import { sql } from 'drizzle-orm';
import type { RoutingDocument } from '@/lib/routing/document';
import type { SavingsRollupRow } from '@/lib/savings/rollup-plan';
import type { Database } from '../client';
import { rowsOf } from '../rows';

const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

const MEASURES = [
  ['requests', 'requests'],
  ['unpriced_requests', 'unpricedRequests'],
  ['cost_micros', 'costMicros'],
  ['cache_savings_micros', 'cacheSavingsMicros'],
  ['input_tokens', 'inputTokens'],
  ['cache_read_tokens', 'cacheReadTokens'],
  ['cache_write_5m_tokens', 'cacheWrite5mTokens'],
  ['cache_write_1h_tokens', 'cacheWrite1hTokens'],
  ['output_tokens', 'outputTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
  ['outcome_success_n', 'outcomeSuccessN'],
  ['outcome_successes', 'outcomeSuccesses'],
  ['outcome_score_n', 'outcomeScoreN'],
  ['outcome_score_sum', 'outcomeScoreSum'],
] as const;

/**
 * The rollup's days [fromDay, toDay) summed by slice (slice k starts on sliceStartDays[k]; index 0 unused) and
 * by every key column but the day; projects named by slug. `projectIds` empty: every project.
 */
export async function savingsRollupRows(
  db: Database,
  args: { fromDay: string; toDay: string; sliceStartDays: readonly string[]; projectIds: readonly string[] },
): Promise<SavingsRollupRow[]> {
  const sums = MEASURES.map(([c, k]) => `sum(s.${c})::float8 as "${k}"`).join(', ');
  const projectFilter = args.projectIds.length > 0 ? sql`and s.project_id = any(${textArray(args.projectIds)}::uuid[])` : sql``;
  // The planner cannot know how few groups the key columns make (a year of days folds into ~12 slices), so it plans
  // a sort of every row on 11 text keys (on disk); a hash aggregate in memory, without a JIT compile, took 40 % of it.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '128MB'`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local enable_sort = off`);
    return rowsOf<Record<string, unknown>>(
      await tx.execute(sql`
      select width_bucket(s.day, ${textArray(args.sliceStartDays.slice(1))}::date[]) as slice, p.slug as project,
        s.mode, s.task, s.provider, s.model, s.tier, s.routing_rule_id as "routingRuleId", s.requested_model as "requestedModel",
        s.routing_tier as "routingTier", s.input_band::int as "inputBand", ${sql.raw(sums)}
      from usage_daily_savings s join projects p on p.id = s.project_id
      where s.day >= ${args.fromDay}::date and s.day < ${args.toDay}::date ${projectFilter}
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`),
    );
  });
  return rows.map((r) => {
    const out: Record<string, unknown> = {
      slice: Number(r.slice),
      project: String(r.project),
      mode: String(r.mode),
      task: String(r.task),
      provider: String(r.provider),
      model: String(r.model),
      tier: String(r.tier),
      routingRuleId: String(r.routingRuleId),
      requestedModel: String(r.requestedModel),
      routingTier: String(r.routingTier),
      inputBand: Number(r.inputBand),
    };
    for (const [, k] of MEASURES) out[k] = Number(r[k]);
    return out as unknown as SavingsRollupRow;
  });
}

/** The served models of the period (their prices slice the period too). */
export async function savingsServedModels(
  db: Database,
  args: { fromDay: string; toDay: string },
): Promise<{ provider: string; model: string; tier: string; requests: number }[]> {
  const rows = rowsOf<{ provider: string; model: string; tier: string; requests: unknown }>(
    await db.execute(sql`select provider, model, tier, sum(requests)::float8 as requests from usage_daily_savings
      where day >= ${args.fromDay}::date and day < ${args.toDay}::date group by 1, 2, 3 order by 4 desc, 1, 2`),
  );
  return rows.map((r) => ({ provider: r.provider, model: r.model, tier: r.tier, requests: Number(r.requests) }));
}

/** The first and last day the savings rollup holds (null when empty). */
export async function savingsRollupSpan(db: Database): Promise<{ first: string; last: string } | null> {
  const [row] = rowsOf<{ first: string | null; last: string | null }>(
    await db.execute(sql`select min(day)::text as first, max(day)::text as last from usage_daily_savings`),
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

export interface SavingsRoutingVersion {
  number: number;
  publishedAt: Date;
  document: RoutingDocument;
}

/** The published routing versions (db/tables/routing.ts, h/routing-api), oldest first; none before that table exists. */
export async function savingsRoutingVersions(db: Database): Promise<SavingsRoutingVersion[]> {
  const [exists] = rowsOf<{ t: string | null }>(await db.execute(sql`select to_regclass('routing_versions')::text as t`));
  if (!exists?.t) return [];
  const rows = rowsOf<{ number: number; published_at: string | Date; document: unknown }>(
    await db.execute(sql`select number, published_at, document from routing_versions order by number`),
  );
  return rows.map((r) => ({
    number: Number(r.number),
    publishedAt: new Date(r.published_at),
    document: (typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as RoutingDocument,
  }));
}
