/**
 * Next runs register() once when the server starts: the environment is validated then (a bad value stops the
 * start, naming the variable), configuration warnings are printed, and the scheduler of background jobs and
 * periodic tasks starts (server/jobs/app-scheduler.ts, docs/adr/0014-scheduler.md).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getEnv } = await import('@/lib/env');
  const { PEER_HEADER_MARK } = await import('@/lib/auth/client-address');
  const { startupWarnings } = await import('@/lib/auth/startup-warnings');
  let nextAuthUrl: string | undefined;
  try {
    nextAuthUrl = getEnv().NEXTAUTH_URL;
  } catch (err) {
    // A server with a bad configuration does not start (/api/health would answer unavailable:configuration).
    console.error(`[switchyard] ${(err as Error).message}`);
    throw err;
  }
  const peerStamped = (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] === true;
  for (const warning of startupWarnings({ nextAuthUrl, peerStamped })) console.warn(`[switchyard] WARNING: ${warning}`);
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startAppScheduler } = await import('@/server/jobs/app-scheduler');
  startAppScheduler();
}
