import 'server-only';
/**
 * The one way a version comes to be (publish and rollback): numbered under a lock, stored immutable with its
 * content hash, the published pointer moved, the audit entry written — all in the caller's transaction — and
 * every instance's long-polls woken (NOTIFY at commit on Postgres; in-process announce after commit).
 */
import { createHash } from 'node:crypto';
import type { Database } from '@/db/client';
import { recordAudit } from '@/db/queries/audit';
import { insertRoutingVersion, lockNextVersionNumber, setPublishedVersion } from '@/db/queries/routing';
import { routingNotifier } from '@/db/routing-notifier';
import type { RoutingVersionRow } from '@/db/schema';
import { type Actor, auditIdentity } from '@/lib/auth/actor';
import type { RoutingDocument } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import type { ServiceContext } from '../context';

export const routingContentHash = (doc: RoutingDocument) => createHash('sha256').update(JSON.stringify(doc)).digest('base64url');

export async function insertPublishedVersion(
  tx: Database,
  actor: Actor,
  now: Date,
  args: { document: RoutingDocument; note: string; fromDraft?: string | null; rolledBackFrom?: number | null; action: string },
): Promise<RoutingVersionRow> {
  const number = await lockNextVersionNumber(tx);
  compileRoutingDocument(args.document, { version: number }); // throws RoutingDocumentError if it cannot be evaluated
  const who = auditIdentity(actor);
  const version = await insertRoutingVersion(tx, {
    number,
    document: args.document,
    contentHash: routingContentHash(args.document),
    note: args.note,
    publishedBy: who.actorUserId,
    publishedByEmail: who.actorEmail,
    publishedAt: now,
    rolledBackFrom: args.rolledBackFrom ?? null,
    fromDraft: args.fromDraft ?? null,
  });
  await setPublishedVersion(tx, { version: number, at: now });
  await recordAudit(tx, {
    actor,
    action: args.action,
    targetType: 'routing_version',
    targetId: String(number),
    details: {
      note: args.note,
      contentHash: version.contentHash,
      ...(args.fromDraft ? { fromDraft: args.fromDraft } : {}),
      ...(args.rolledBackFrom ? { rolledBackFrom: args.rolledBackFrom } : {}),
    },
  });
  return version;
}

/** After the commit: wake this instance's waiters (other instances hear the NOTIFY). */
export function announcePublished(ctx: ServiceContext, version: number): void {
  routingNotifier(ctx.handle).announce(version);
}

export const noteSchemaMessage = 'A change note is required (what changed and why).';
