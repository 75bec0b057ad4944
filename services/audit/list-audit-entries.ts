import 'server-only';
/** The audit log, newest first, keyset-paginated by id. */
import { listAuditEntries as listAuditRows } from '@/db/queries/audit';
import type { AuditEntry } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listAuditEntries(
  ctx: ServiceContext,
  { beforeId, limit }: { beforeId?: number; limit: number },
): Promise<AuditEntry[]> {
  assertCan(ctx.actor, 'audit:read');
  return listAuditRows(ctx.db, { beforeId, limit });
}
