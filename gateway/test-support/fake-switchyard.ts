/**
 * A contract-faithful stand-in for Switchyard's two pull endpoints (docs/api.md "Gateway endpoints — the contract"):
 * GET /api/v1/routing and GET /api/v1/budgets/state with a project key (scope routing:read), a strong ETag computed
 * from the body's content (budget state: without generatedAt), If-None-Match → 304, and ?wait=N (0–60) long-polls
 * until the content changes (200) or N seconds pass (304); errors in Switchyard's one shape. Every other path is
 * served by `routes`. Not what the gateway's tests run against — they use the real Switchyard
 * (tests/gateway/support/switchyard.ts). Kept for the two uses that need something else: the benchmark, which measures
 * the gateway and not Switchyard's database, and tests/gateway/invalid-document.test.ts, which needs a Switchyard
 * that serves documents failing validation (the real one refuses them when they are saved).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void | Promise<void>;

export interface FakeBudget {
  id: string;
  name: string;
  state: 'ok' | 'warning' | 'exceeded';
  action: { kind: 'notify' } | { kind: 'downgrade'; tier: string } | { kind: 'block' };
  scope: {
    mode: string[];
    task: string[];
    user: string[];
    tier: string[];
    model: string[];
    provider: string[];
    tags: Record<string, string[]>;
  };
  period: { key: string; start: string; end: string };
  spendMicros: number;
  amountMicros: number;
  unpricedRequests: number;
  percentTenths: number;
}

export interface FakeSwitchyard {
  url: string;
  port: number;
  /** Publishes a new routing version (1, 2, …) and wakes the long-polls waiting on the old one. */
  publish(document: unknown, note?: string): number;
  /** Replaces the budget state (or computes it on every read when given a function). */
  setBudgets(budgets: FakeBudget[] | (() => Promise<FakeBudget[]> | FakeBudget[]), tierOrder?: string[]): void;
  /** What gateways said about themselves (x-switchyard-gateway → last x-switchyard-gateway-version). */
  gateways: Map<string, string | null>;
  requests: { path: string; status: number }[];
  /** Stops answering (connections refused) until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface FakeSwitchyardOptions {
  /** Secret → scopes. */
  keys: Record<string, string[]>;
  /** Extra endpoints by path (e.g. the real POST /api/v1/events); they do their own authentication. */
  routes?: Record<string, NodeHandler>;
  port?: number;
}

const etagOf = (text: string) => `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
const apiError = (res: http.ServerResponse, status: number, code: string, message: string) => {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
};

export async function startFakeSwitchyard(options: FakeSwitchyardOptions): Promise<FakeSwitchyard> {
  let routing: { version: number; publishedAt: string; note: string | null; document: unknown } | null = null;
  let budgets: FakeBudget[] | (() => Promise<FakeBudget[]> | FakeBudget[]) = [];
  let tierOrder = ['frontier', 'balanced', 'economy'];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  const gateways = new Map<string, string | null>();
  const requests: { path: string; status: number }[] = [];

  const routingContent = async () => (routing ? { text: JSON.stringify(routing), etagText: JSON.stringify(routing) } : null);
  const budgetContent = async () => {
    const list = typeof budgets === 'function' ? await budgets() : budgets;
    const content = JSON.stringify({ tierOrder, budgets: list });
    return { text: JSON.stringify({ generatedAt: new Date().toISOString(), tierOrder, budgets: list }), etagText: content };
  };

  const pull = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    content: () => Promise<{ text: string; etagText: string } | null>,
    notFound: string,
  ) => {
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const scopes = auth ? options.keys[auth] : undefined;
    if (!scopes) return apiError(res, 401, 'unauthorized:api_key', 'Missing, unknown or revoked API key.');
    if (!scopes.includes('routing:read')) return apiError(res, 403, 'forbidden:api_key', 'This key lacks the routing:read scope.');
    const gw = req.headers['x-switchyard-gateway'];
    if (typeof gw === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(gw)) {
      const v = req.headers['x-switchyard-gateway-version'];
      gateways.set(gw, typeof v === 'string' ? v : null);
    }
    const waitText = url.searchParams.get('wait');
    const wait = waitText === null ? 0 : Number(waitText);
    if (!Number.isInteger(wait) || wait < 0 || wait > 60) return apiError(res, 400, 'bad_request:api', 'wait is 0–60 seconds.');
    const ifNoneMatch = req.headers['if-none-match'];
    const deadline = Date.now() + wait * 1000;
    for (;;) {
      const c = await content();
      if (c === null) return apiError(res, 404, 'not_found:routing', notFound);
      const etag = etagOf(c.etagText);
      if (ifNoneMatch !== etag) {
        res.writeHead(200, {
          'content-type': 'application/json',
          etag,
          'cache-control': 'no-cache',
          'content-length': Buffer.byteLength(c.text),
        });
        return void res.end(c.text);
      }
      const left = deadline - Date.now();
      if (left <= 0 || res.destroyed) {
        res.writeHead(304, { etag });
        return void res.end();
      }
      // Wake on publish, else re-read every 100 ms (a computed budget state changes as events arrive).
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.min(left, 100));
        waiters.add(done);
      });
    }
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://switchyard.local');
      res.on('finish', () => requests.push({ path: url.pathname, status: res.statusCode }));
      const run = async () => {
        // A route given by the caller wins, so the real app's pull endpoints can replace the fake ones.
        const handler = options.routes?.[url.pathname];
        if (handler) return handler(req, res, Buffer.concat(parts));
        if (req.method === 'GET' && url.pathname === '/api/v1/routing') {
          return pull(req, res, url, routingContent, 'No routing version is published.');
        }
        if (req.method === 'GET' && url.pathname === '/api/v1/budgets/state') return pull(req, res, url, budgetContent, '');
        apiError(res, 404, 'not_found:api', 'No such endpoint.');
      };
      run().catch((err: Error) => {
        if (!res.headersSent) apiError(res, 500, 'internal:api', err.message);
        else res.destroy();
      });
    });
  });

  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      wake();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    publish(document, note) {
      const version = (routing?.version ?? 0) + 1;
      routing = { version, publishedAt: new Date().toISOString(), note: note ?? null, document };
      wake();
      return version;
    },
    setBudgets(next, order) {
      budgets = next;
      if (order) tierOrder = order;
      wake();
    },
    gateways,
    requests,
    stop,
    start: listen,
    close: stop,
  };
}

/** An ingestion endpoint that takes every NDJSON line (the benchmark's: it measures the gateway, not Switchyard). */
export function acceptingEventsHandler(counter: { events: number } = { events: 0 }): NodeHandler {
  return (_req, res, body) => {
    let n = 0;
    for (let i = body.indexOf(0x0a); i >= 0; i = body.indexOf(0x0a, i + 1)) n++;
    counter.events += n;
    const text = JSON.stringify({ accepted: n, duplicates: 0, rejected: [] });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };
}
