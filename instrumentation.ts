/** Next runs register() once when the server starts: configuration warnings are printed then, not at first use. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getEnv } = await import('@/lib/env');
  const { PEER_HEADER_MARK } = await import('@/lib/auth/client-address');
  const { startupWarnings } = await import('@/lib/auth/startup-warnings');
  let nextAuthUrl: string | undefined;
  try {
    nextAuthUrl = getEnv().NEXTAUTH_URL;
  } catch (err) {
    // /api/health reports it too (unavailable:configuration); say it at start as well.
    console.error(`[switchyard] ${(err as Error).message}`);
    return;
  }
  const peerStamped = (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] === true;
  for (const warning of startupWarnings({ nextAuthUrl, peerStamped })) console.warn(`[switchyard] WARNING: ${warning}`);
}
