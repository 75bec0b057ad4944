/**
 * For `vi.mock('@/server/context', …)`: the running app's database replaced by a test database, so route
 * handlers and server actions run against it (their callers are mocked through server/auth/current-user).
 */
import type { DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { serviceContext } from '@/services/context';

export function appContextOn(handle: () => DatabaseHandle) {
  return {
    appHandle: async () => handle(),
    contextFor: async (actor: Actor | null) => serviceContext(handle(), actor),
  };
}
