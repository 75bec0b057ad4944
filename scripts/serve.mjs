#!/usr/bin/env node
/**
 * Switchyard's server: Next's request handler behind node:http, so each request carries the socket's
 * peer address. App Router handlers never see the socket, and X-Forwarded-For is whatever the client
 * wrote (Next fills it only when absent), so sign-in throttling reads this stamp instead
 * (lib/auth/client-address.ts). Usage: node scripts/serve.mjs [--dev] [-p PORT] (or PORT=…); listens on every interface.
 */
import http from 'node:http';
import v8 from 'node:v8';

// The same names as PEER_HEADER and PEER_HEADER_MARK in lib/auth/client-address.ts.
const PEER_HEADER = 'x-switchyard-peer';
globalThis[Symbol.for('switchyard.peer-header')] = true;

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const portFlag = args.indexOf('-p');
const port = Number(portFlag >= 0 ? args[portFlag + 1] : (process.env.PORT ?? 3000));
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`[switchyard] invalid port: ${port}`);
  process.exit(2);
}
// Embedded (no DATABASE_URL), the database lives in this process too: the JS heap may grow to 1.5× what a full
// collection keeps alive rather than V8's default (up to 4×), so server and database stay under 500 MB together
// (bench:ingest, embedded: peak RSS 494–548 → 399–411 MB for 2 % fewer events/s; README "Measured"). Set before
// the heap grows; V8 reads the factor at every full collection.
if (!process.env.DATABASE_URL) v8.setFlagsFromString('--heap-growing-percent=50');
// Before Next and React load: they pick their production or development builds from it.
process.env.NODE_ENV ??= dev ? 'development' : 'production';
const { default: next } = await import('next');

const app = next({ dev, port, hostname: 'localhost' });
await app.prepare();
const handle = app.getRequestHandler();
const upgrade = dev ? app.getUpgradeHandler() : undefined;

// Node's default (16 KiB for the request line and headers together) answers a long dashboard link — a
// pasted filter value, a 40 kB URL — with a bare 431 before the app sees it. 60 KiB lets the app say what is
// wrong with such a link; beyond it, tooLarge() answers in words. Under the 64 KiB a socket read holds, so
// a request sent in one write overflows in its first chunk, whose request line tells /api from a page.
const MAX_HEADER_BYTES = 60 * 1024;

const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
  // Overwrites any value the client sent under this name.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  handle(req, res);
});
server.on('clientError', (err, socket) => {
  if (!socket.writable) return socket.destroy();
  if (err.code !== 'HPE_HEADER_OVERFLOW') return socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  // The chunk that overflowed; when it is not the request's first, the method and path are gone: a page then.
  const api = /^[A-Z]+ \/api\//.test(err.rawPacket?.subarray(0, 16).toString('latin1') ?? '');
  socket.end(tooLarge(api));
});

/** A readable 431: an HTML page for a browser, the API's error body (lib/errors.ts shape) for /api. */
function tooLarge(api) {
  const limit = `${MAX_HEADER_BYTES / 1024} KiB`;
  const body = api
    ? JSON.stringify({
        error: { code: 'bad_request:api', message: `The request line and headers exceed ${limit}; send long values in the body.` },
      })
    : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link too long · Switchyard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.25rem">This link is too long for Switchyard</h1>
<p>The address and its headers come to more than ${limit}, so the request was not read. A filter value is kept only up to
200 characters, so a link this long is usually a pasted value or a link that grew by mistake.</p>
<p><a href="/">Open the Overview</a> and choose the view again, or shorten the link.</p></body></html>`;
  const type = api ? 'application/json' : 'text/html; charset=utf-8';
  return [
    'HTTP/1.1 431 Request Header Fields Too Large',
    `Content-Type: ${type}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
if (upgrade) server.on('upgrade', (req, socket, head) => upgrade(req, socket, head));
server.listen(port, () => {
  console.log(`[switchyard] ready on http://localhost:${port}${dev ? ' (development)' : ''}`);
});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  // Stop the scheduler first (its running job stops between chunks; server/jobs/app-scheduler.ts), at most 10 s.
  // Exit through process.exit so 'exit' handlers run (the embedded database's folder lock is released there).
  process.once(signal, async () => {
    server.close();
    const hooks = globalThis[Symbol.for('switchyard.shutdown')] ?? [];
    await Promise.race([Promise.allSettled(hooks.map((stop) => stop())), new Promise((r) => setTimeout(r, 10_000).unref())]);
    process.exit(code);
  });
}
