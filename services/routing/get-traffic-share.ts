import 'server-only';
/**
 * Traffic share for the last 7 local days (the organisation's zone, today included): the day rollups grouped by
 * the dimensions the rules test, each group evaluated with the one evaluator (lib/routing/traffic-share.ts), for a
 * candidate (a draft, a version, or a document given whole) beside the published version. Tests the rollups cannot
 * see are listed in `unseen`, with what the figures assume.
 */
import type { Database } from '@/db/client';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { listProjects } from '@/db/queries/projects';
import { getPublishedRouting, getRoutingDraft, getRoutingVersion, type TrafficGroup, trafficGroups } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { type RoutingDocument, routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { RoutingDocumentError } from '@/lib/routing/issues';
import { needsUsersAndTags, type TrafficShare, trafficShare } from '@/lib/routing/traffic-share';
import { addDays, formatCalendarDate, localDate } from '@/lib/time/zoned';
import { z } from 'zod';
import type { ServiceContext } from '../context';

export const TRAFFIC_SHARE_DAYS = 7;

const schema = z.object({
  draftId: z.string().uuid().optional(),
  version: z.coerce.number().int().min(1).optional(),
  document: z.unknown().optional(),
});

export interface TrafficShareAnswer {
  fromDay: string;
  toDay: string;
  timeZone: string;
  /** The document asked about (null when none was named: then only the published one is given). */
  candidate: TrafficShare | null;
  published: TrafficShare | null;
}

export async function getTrafficShare(ctx: ServiceContext, input: unknown = {}): Promise<TrafficShareAnswer> {
  assertCan(ctx.actor, 'dashboards:read');
  const { draftId, version, document } = parseInput(schema, input ?? {}, 'routing');
  const [candidateDoc, published, timeZone, projects] = await Promise.all([
    candidateOf(ctx.db, { draftId, version, document }),
    getPublishedRouting(ctx.db),
    getOrgTimeZone(ctx.db),
    listProjects(ctx.db),
  ]);
  const today = localDate(ctx.now, timeZone);
  const fromDay = formatCalendarDate(addDays(today, -(TRAFFIC_SHARE_DAYS - 1)));
  const toDay = formatCalendarDate(today);
  const docs = [candidateDoc, published?.document].filter((d): d is RoutingDocument => d !== undefined && d !== null);
  const withUsersAndTags = docs.some(needsUsersAndTags);
  const rows = docs.length === 0 ? [] : await trafficGroups(ctx.db, { fromDay, toDay, withUsersAndTags });
  const slugOf = new Map(projects.map((p) => [p.id, p.slug]));
  const groups = rows.map((r: TrafficGroup) => ({
    project: slugOf.get(r.projectId),
    mode: r.mode,
    task: r.task,
    user: r.userId,
    tags: r.tags,
    requests: r.requests,
    costMicros: r.costMicros,
    unpricedRequests: r.unpricedRequests,
  }));
  const share = (doc: RoutingDocument, v: number) => {
    try {
      return trafficShare(compileRoutingDocument(doc, { version: v }), groups);
    } catch (err) {
      if (err instanceof RoutingDocumentError) {
        throw new AppError('bad_request:routing', 'This document cannot be evaluated yet; fix its errors first.', { issues: err.issues });
      }
      throw err;
    }
  };
  return {
    fromDay,
    toDay,
    timeZone,
    candidate: candidateDoc ? share(candidateDoc, version ?? 0) : null,
    published: published ? share(published.document, published.number) : null,
  };
}

async function candidateOf(
  db: Database,
  { draftId, version, document }: { draftId?: string; version?: number; document?: unknown },
): Promise<RoutingDocument | null> {
  if (draftId) {
    const draft = await getRoutingDraft(db, { id: draftId });
    if (!draft) throw new AppError('not_found:routing_draft', 'There is no such draft (it may have been published or deleted).');
    return draft.document;
  }
  if (version) {
    const row = await getRoutingVersion(db, { number: version });
    if (!row) throw new AppError('not_found:routing', `There is no routing version ${version}.`);
    return row.document;
  }
  if (document !== undefined) {
    const parsed = routingDocumentSchema.safeParse(document);
    if (!parsed.success) throw new AppError('bad_request:routing', 'This is not a valid routing document.');
    return parsed.data;
  }
  return null;
}
