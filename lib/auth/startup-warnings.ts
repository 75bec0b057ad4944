/** Configuration that weakens sign-in, said once and plainly when the server starts (instrumentation.ts). */
export function startupWarnings({ nextAuthUrl, peerStamped }: { nextAuthUrl: string | undefined; peerStamped: boolean }): string[] {
  const warnings: string[] = [];
  // next-auth marks the session cookie Secure only when NEXTAUTH_URL is https.
  if (!nextAuthUrl?.startsWith('https://')) {
    warnings.push(
      `NEXTAUTH_URL is ${nextAuthUrl ? `"${nextAuthUrl}"` : 'not set'}: the session cookie is sent without the Secure flag, ` +
        'so it also travels over plain HTTP. Fine on localhost; anywhere else serve HTTPS and set NEXTAUTH_URL=https://<public address>.',
    );
  }
  if (!peerStamped) {
    warnings.push(
      'not started through scripts/serve.mjs (npm start): sign-in throttling cannot see client addresses and ' +
        'counts every client as one. Start Switchyard with npm start or npm run demo.',
    );
  }
  return warnings;
}
