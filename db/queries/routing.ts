/** Routing versions, drafts, the published pointer and gateways: data access only (services/routing). */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { RoutingDocument } from '@/lib/routing/document';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import {
  type RoutingDraftRow,
  type RoutingGatewayRow,
  type RoutingVersionRow,
  budgets,
  routingDrafts,
  routingGateways,
  routingPublished,
  routingVersions,
} from '../schema';

/** The one scope today: the organisation's table. */
export const ORGANISATION_SCOPE = 'organisation';
/** The Postgres NOTIFY channel a publish signals on (payload: the new version number). */
export const ROUTING_CHANNEL = 'switchyard_routing';

export type RoutingVersionSummary = Omit<RoutingVersionRow, 'document'>;

const summaryColumns = {
  number: routingVersions.number,
  contentHash: routingVersions.contentHash,
  note: routingVersions.note,
  publishedBy: routingVersions.publishedBy,
  publishedByEmail: routingVersions.publishedByEmail,
  publishedAt: routingVersions.publishedAt,
  rolledBackFrom: routingVersions.rolledBackFrom,
  fromDraft: routingVersions.fromDraft,
};

export async function listRoutingVersions(db: Database, { limit = 100 }: { limit?: number } = {}): Promise<RoutingVersionSummary[]> {
  return db.select(summaryColumns).from(routingVersions).orderBy(desc(routingVersions.number)).limit(limit);
}

export async function getRoutingVersion(db: Database, { number }: { number: number }): Promise<RoutingVersionRow | undefined> {
  const [row] = await db.select().from(routingVersions).where(eq(routingVersions.number, number));
  return row;
}

/** The published version (document included), or undefined when none is. */
export async function getPublishedRouting(db: Database): Promise<RoutingVersionRow | undefined> {
  const [row] = await db
    .select({ version: routingVersions })
    .from(routingPublished)
    .innerJoin(routingVersions, eq(routingVersions.number, routingPublished.version))
    .where(eq(routingPublished.scope, ORGANISATION_SCOPE));
  return row?.version;
}

/** Only the published version number: the pull API's cheap check before it serves its cached body. */
export async function getPublishedVersionNumber(db: Database): Promise<number | null> {
  const [row] = await db
    .select({ version: routingPublished.version })
    .from(routingPublished)
    .where(eq(routingPublished.scope, ORGANISATION_SCOPE));
  return row?.version ?? null;
}

/**
 * Locks the pointer row (or, before the first publish, serialises on an advisory lock) so concurrent publishes
 * number their versions one after the other; returns the next version number.
 */
export async function lockNextVersionNumber(tx: Database): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('switchyard_routing_publish'))`);
  const [row] = rowsOf<{ next: number }>(await tx.execute(sql`select coalesce(max(number), 0) + 1 as next from routing_versions`));
  return Number(row!.next);
}

export async function insertRoutingVersion(tx: Database, values: typeof routingVersions.$inferInsert): Promise<RoutingVersionRow> {
  const [row] = await tx.insert(routingVersions).values(values).returning();
  return row!;
}

/** Points the scope at `version` and signals every instance (NOTIFY is delivered when the transaction commits). */
export async function setPublishedVersion(tx: Database, { version, at }: { version: number; at: Date }): Promise<void> {
  await tx
    .insert(routingPublished)
    .values({ scope: ORGANISATION_SCOPE, version, publishedAt: at })
    .onConflictDoUpdate({ target: routingPublished.scope, set: { version, publishedAt: at } });
  await tx.execute(sql`select pg_notify(${ROUTING_CHANNEL}, ${String(version)})`);
}

export type RoutingDraftSummary = Omit<RoutingDraftRow, 'document'>;

export async function listRoutingDrafts(db: Database): Promise<RoutingDraftSummary[]> {
  return db
    .select({
      id: routingDrafts.id,
      name: routingDrafts.name,
      basedOnVersion: routingDrafts.basedOnVersion,
      revision: routingDrafts.revision,
      createdBy: routingDrafts.createdBy,
      createdByEmail: routingDrafts.createdByEmail,
      createdAt: routingDrafts.createdAt,
      updatedBy: routingDrafts.updatedBy,
      updatedByEmail: routingDrafts.updatedByEmail,
      updatedAt: routingDrafts.updatedAt,
    })
    .from(routingDrafts)
    .orderBy(desc(routingDrafts.updatedAt));
}

export async function getRoutingDraft(
  db: Database,
  { id, lock = false }: { id: string; lock?: boolean },
): Promise<RoutingDraftRow | undefined> {
  const q = db.select().from(routingDrafts).where(eq(routingDrafts.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertRoutingDraft(tx: Database, values: typeof routingDrafts.$inferInsert): Promise<RoutingDraftRow> {
  const [row] = await tx.insert(routingDrafts).values(values).returning();
  return row!;
}

/** Saves only when the draft is still at `expectedRevision`; undefined when it is not (someone saved in between). */
export async function updateRoutingDraftIfRevision(
  tx: Database,
  args: { id: string; expectedRevision: number; document: RoutingDocument; name?: string; by: string | null; byEmail: string; at: Date },
): Promise<RoutingDraftRow | undefined> {
  const [row] = await tx
    .update(routingDrafts)
    .set({
      document: args.document,
      ...(args.name === undefined ? {} : { name: args.name }),
      revision: sql`${routingDrafts.revision} + 1`,
      updatedBy: args.by,
      updatedByEmail: args.byEmail,
      updatedAt: args.at,
    })
    .where(and(eq(routingDrafts.id, args.id), eq(routingDrafts.revision, args.expectedRevision)))
    .returning();
  return row;
}

export async function deleteRoutingDraftById(tx: Database, { id }: { id: string }): Promise<RoutingDraftRow | undefined> {
  const [row] = await tx.delete(routingDrafts).where(eq(routingDrafts.id, id)).returning();
  return row;
}

/** One pull: the gateway's last pull time, the version it runs and its user agent. */
export async function recordGatewayPull(
  db: Database,
  args: { projectId: string; gatewayId: string; runningVersion: number | null; userAgent: string | null; at: Date },
): Promise<void> {
  await db
    .insert(routingGateways)
    .values({
      projectId: args.projectId,
      gatewayId: args.gatewayId,
      firstSeenAt: args.at,
      lastPullAt: args.at,
      runningVersion: args.runningVersion,
      userAgent: args.userAgent,
    })
    .onConflictDoUpdate({
      target: [routingGateways.projectId, routingGateways.gatewayId],
      set: { lastPullAt: args.at, runningVersion: args.runningVersion, userAgent: args.userAgent },
    });
}

export async function listRoutingGateways(db: Database): Promise<(RoutingGatewayRow & { projectSlug: string | null })[]> {
  const rows = rowsOf<{
    project_id: string;
    gateway_id: string;
    first_seen_at: string | Date;
    last_pull_at: string | Date;
    running_version: number | null;
    user_agent: string | null;
    slug: string | null;
  }>(
    await db.execute(sql`select g.*, p.slug from routing_gateways g left join projects p on p.id = g.project_id
      order by g.last_pull_at desc limit 1000`),
  );
  return rows.map((r) => ({
    projectId: r.project_id,
    gatewayId: r.gateway_id,
    firstSeenAt: new Date(r.first_seen_at),
    lastPullAt: new Date(r.last_pull_at),
    runningVersion: r.running_version === null ? null : Number(r.running_version),
    userAgent: r.user_agent,
    projectSlug: r.slug,
  }));
}

/** Budget ids and names, by name: what a rule's budget test may name (the editor's picker and save-time validation). */
export async function listBudgetOptionRows(db: Database): Promise<Array<{ id: string; name: string }>> {
  return db.select({ id: budgets.id, name: budgets.name }).from(budgets).orderBy(asc(budgets.name), asc(budgets.id));
}

/** Per project, mode, task (and user and tag map when `withUsers`), requests and spend over whole local days. */
export interface TrafficGroup {
  projectId: string;
  mode: string;
  task: string;
  userId: string;
  tags: Record<string, string>;
  requests: number;
  costMicros: number;
  unpricedRequests: number;
}

/**
 * The day rollups of [fromDay, toDay] grouped by the dimensions routing rules can test: project, mode and task
 * from usage_daily; with users or tags, from the user-set grain (usage_daily_user_sets: user × every dimension ×
 * tag map). Requested model, input tokens and budget state are in no rollup.
 */
export async function trafficGroups(
  db: Database,
  args: { fromDay: string; toDay: string; withUsersAndTags: boolean },
): Promise<TrafficGroup[]> {
  const rows = rowsOf<{
    project_id: string;
    mode: string;
    task: string;
    user_id: string;
    tags: Record<string, string> | string | null;
    requests: string;
    cost: string;
    unpriced: string;
  }>(
    await db.execute(
      args.withUsersAndTags
        ? sql`select project_id, mode, task, user_id, tags, sum(requests)::text as requests, sum(cost_micros)::text as cost,
            sum(unpriced_requests)::text as unpriced from usage_daily_user_sets
            where day >= ${args.fromDay}::date and day <= ${args.toDay}::date
            group by project_id, mode, task, user_id, tags`
        : sql`select project_id, mode, task, '' as user_id, null as tags, sum(requests)::text as requests,
            sum(cost_micros)::text as cost, sum(unpriced_requests)::text as unpriced from usage_daily
            where day >= ${args.fromDay}::date and day <= ${args.toDay}::date
            group by project_id, mode, task`,
    ),
  );
  return rows.map((r) => ({
    projectId: r.project_id,
    mode: r.mode,
    task: r.task,
    userId: r.user_id,
    tags: typeof r.tags === 'string' ? (JSON.parse(r.tags) as Record<string, string>) : (r.tags ?? {}),
    requests: Number(r.requests),
    costMicros: Number(r.cost),
    unpricedRequests: Number(r.unpriced),
  }));
}
