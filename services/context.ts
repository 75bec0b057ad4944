import 'server-only';
/**
 * What every service is called with: who is calling (null for an anonymous caller), the database, and
 * the time the operation runs at. Route handlers, server actions, pages, jobs, scripts and tests all
 * build one and call the same services.
 */
import type { Database, DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';

export interface ServiceContext {
  actor: Actor | null;
  handle: DatabaseHandle;
  db: Database;
  now: Date;
}

export function serviceContext(handle: DatabaseHandle, actor: Actor | null, now = new Date()): ServiceContext {
  return { actor, handle, db: handle.db, now };
}

/** Switchyard itself acting (jobs, the demo seed, first-run bootstrap), audited as `system:<name>`. */
export function systemContext(handle: DatabaseHandle, name: string, now = new Date()): ServiceContext {
  return serviceContext(handle, { kind: 'system', name }, now);
}
