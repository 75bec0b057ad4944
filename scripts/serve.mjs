#!/usr/bin/env node
/**
 * Switchyard's server: Next's request handler behind node:http, so each request carries the socket's
 * peer address. App Router handlers never see the socket, and X-Forwarded-For is whatever the client
 * wrote (Next fills it only when absent), so sign-in throttling reads this stamp instead
 * (lib/auth/client-address.ts). Usage: node scripts/serve.mjs [--dev] [-p PORT] (or PORT=…); listens on every interface.
 */
import http from 'node:http';

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
// Before Next and React load: they pick their production or development builds from it.
process.env.NODE_ENV ??= dev ? 'development' : 'production';
const { default: next } = await import('next');

const app = next({ dev, port, hostname: 'localhost' });
await app.prepare();
const handle = app.getRequestHandler();
const upgrade = dev ? app.getUpgradeHandler() : undefined;

const server = http.createServer((req, res) => {
  // Overwrites any value the client sent under this name.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  handle(req, res);
});
if (upgrade) server.on('upgrade', (req, socket, head) => upgrade(req, socket, head));
server.listen(port, () => {
  console.log(`[switchyard] ready on http://localhost:${port}${dev ? ' (development)' : ''}`);
});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  // Exit through process.exit so 'exit' handlers run (the embedded database's folder lock is released there).
  process.once(signal, () => {
    server.close();
    process.exit(code);
  });
}
