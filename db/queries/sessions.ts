/** Agent sessions: ranked from the session rollup; one session's turns from the raw events. */
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { projects, usageEvents, usageSessions } from '../schema';

export async function listTopSessions(
  db: Database,
  { from, projectId, limit = 100 }: { from: Date | null; projectId?: string; limit?: number },
) {
  return db
    .select({
      projectId: usageSessions.projectId,
      projectName: projects.name,
      sessionId: usageSessions.sessionId,
      userId: usageSessions.userId,
      firstAt: usageSessions.firstAt,
      lastAt: usageSessions.lastAt,
      turns: usageSessions.maxTurn,
      requests: usageSessions.requests,
      inputTokens: usageSessions.inputTokens,
      cacheReadTokens: usageSessions.cacheReadTokens,
      costMicros: usageSessions.costMicros,
      unpricedRequests: usageSessions.unpricedRequests,
    })
    .from(usageSessions)
    .innerJoin(projects, eq(projects.id, usageSessions.projectId))
    .where(and(from ? gte(usageSessions.lastAt, from) : undefined, projectId ? eq(usageSessions.projectId, projectId) : undefined))
    .orderBy(desc(usageSessions.costMicros), desc(usageSessions.requests))
    .limit(limit);
}
export type SessionListItem = Awaited<ReturnType<typeof listTopSessions>>[number];

export async function getSessionById(db: Database, { projectId, sessionId }: { projectId: string; sessionId: string }) {
  const [row] = await db
    .select({ session: usageSessions, projectName: projects.name, projectSlug: projects.slug })
    .from(usageSessions)
    .innerJoin(projects, eq(projects.id, usageSessions.projectId))
    .where(and(eq(usageSessions.projectId, projectId), eq(usageSessions.sessionId, sessionId)));
  return row;
}

/** The session's requests in turn order, read through the primary key between its first and last times. */
export async function listSessionTurns(
  db: Database,
  { projectId, sessionId, firstAt, lastAt }: { projectId: string; sessionId: string; firstAt: Date; lastAt: Date },
) {
  return db
    .select({
      eventId: usageEvents.eventId,
      occurredAt: usageEvents.occurredAt,
      turn: usageEvents.turn,
      mode: usageEvents.mode,
      task: usageEvents.task,
      userId: usageEvents.userId,
      tags: usageEvents.tags,
      requestedModel: usageEvents.requestedModel,
      provider: usageEvents.provider,
      model: usageEvents.model,
      tier: usageEvents.tier,
      status: usageEvents.status,
      inputTokens: usageEvents.inputTokens,
      cacheReadTokens: usageEvents.cacheReadTokens,
      outputTokens: usageEvents.outputTokens,
      costMicros: usageEvents.costMicros,
    })
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.projectId, projectId),
        sql`${usageEvents.occurredAt} between ${firstAt.toISOString()}::timestamptz and ${lastAt.toISOString()}::timestamptz`,
        eq(usageEvents.sessionId, sessionId),
      ),
    )
    .orderBy(sql`${usageEvents.turn} nulls last`, usageEvents.occurredAt);
}
export type SessionTurn = Awaited<ReturnType<typeof listSessionTurns>>[number];
