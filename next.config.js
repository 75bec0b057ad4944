const { PHASE_DEVELOPMENT_SERVER } = require('next/constants');

/**
 * Sent with every response, pages and API alike. Scripts: 'self' plus 'unsafe-inline', because Next's
 * App Router inlines its hydration scripts and nonces would need the proxy on every page and dynamic
 * rendering everywhere; React escapes all rendered data, so the policy's weight is in what it forbids
 * outright: framing, plugins, foreign bases, form targets and connections to other origins.
 */
function securityHeaders(dev) {
  const csp = [
    "default-src 'self'",
    // Next's development server evaluates modules and talks to its websocket; production needs neither.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
  ];
}

/** @type {(phase: string) => import('next').NextConfig} */
module.exports = (phase) => ({
  // PGlite loads its WASM and data files from its own package folder at run time, and postgres.js
  // opens raw sockets: both must stay real Node modules rather than be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', '@pydantic/genai-prices'],
  poweredByHeader: false,
  // `npm test` type-checks the whole repository (tests included) as its own step; skipping it here
  // keeps the quick-start build fast.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
  },
});
