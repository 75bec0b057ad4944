/**
 * The running app's database and the ServiceContext each request builds. The first use opens and
 * migrates the database (db/client.ts) and creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD, once per
 * process; later calls await the cached handle (no round trip).
 */
import { type DatabaseHandle, getDatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { type ServiceContext, serviceContext, systemContext } from '@/services/context';
import { bootstrapAdminFromEnv } from '@/services/setup/bootstrap-admin-from-env';

const globalCache = globalThis as unknown as { __switchyardApp?: Promise<DatabaseHandle> };

export function appHandle(): Promise<DatabaseHandle> {
  globalCache.__switchyardApp ??= getDatabaseHandle()
    .then(async (handle) => {
      await bootstrapAdminFromEnv(systemContext(handle, 'bootstrap'));
      return handle;
    })
    .catch((err) => {
      globalCache.__switchyardApp = undefined;
      throw err;
    });
  return globalCache.__switchyardApp;
}

export async function contextFor(actor: Actor | null): Promise<ServiceContext> {
  return serviceContext(await appHandle(), actor);
}
