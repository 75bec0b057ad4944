import { desc, lt } from 'drizzle-orm';
import { type Actor, auditIdentity } from '@/lib/auth/actor';
import type { Database } from '../client';
import { auditLog, type AuditEntry } from '../schema';

export interface AuditInput {
  actor: Actor;
  action: string;
  targetType: 'user' | 'project' | 'api_key' | 'access_token' | 'settings' | 'model' | 'import' | 'routing_version' | 'routing_draft';
  targetId: string;
  details?: Record<string, unknown>;
}

/** Call inside the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(db: Database, input: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    ...auditIdentity(input.actor),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    details: input.details ?? {},
  });
}

/** Newest first, keyset-paginated by id. */
export async function listAuditEntries(
  db: Database,
  { beforeId, limit = 50 }: { beforeId?: number; limit?: number },
): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(beforeId ? lt(auditLog.id, beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
