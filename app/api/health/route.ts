import { sql } from 'drizzle-orm';
import { getDatabaseHandle } from '@/db/client';
import { AppError, errorResponse } from '@/lib/errors';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/**
 * Liveness and database reachability, for load balancers; public and read-only. An invalid environment
 * answers its own code (unavailable:configuration, thrown by lib/env.ts), not "database not reachable".
 */
export const GET = route({ public: 'load balancers probe it; it reads nothing but the driver name' }, async () => {
  try {
    const handle = await getDatabaseHandle();
    await handle.db.execute(sql`select 1`);
    return Response.json({ status: 'ok', driver: handle.driver });
  } catch (err) {
    return errorResponse(err instanceof AppError ? err : new AppError('unavailable:database', 'The database is not reachable.'));
  }
});
