/**
 * A real Switchyard for the gateway's integration tests: the app's own route handlers — GET /api/v1/routing,
 * GET /api/v1/budgets/state, POST /api/v1/events and GET /api/v1/key — served over node:http in-process on a test
 * database (Postgres when DATABASE_URL is set, embedded PGlite otherwise). Routing versions are published through
 * the routing services, budgets made through the budget services, and what the tests assert on is what Switchyard
 * stored. stop() refuses connections (and ends the long-polls it was holding) until start() listens again on the
 * same port, as a Switchyard restart does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import type { UserActor } from '@/lib/auth/actor';
import type { BudgetJson } from '@/lib/budgets/record';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { createBudget } from '@/services/budgets/create-budget';
import { deleteBudget } from '@/services/budgets/delete-budget';
import { requestBudgetEvaluation } from '@/services/budgets/request-budget-evaluation';
import { createRoutingDraft } from '@/services/routing/create-routing-draft';
import { listGateways } from '@/services/routing/list-gateways';
import { publishRoutingDraft } from '@/services/routing/publish-routing-draft';
import type { TestDatabase } from '../../helpers/database';
import { as, makeProject, makeUser } from '../../helpers/fixtures';

type WebHandler = (req: Request) => Promise<Response>;

export interface SwitchyardFixture {
  url: string;
  port: number;
  /** The project key the gateway uses (scopes routing:read and ingest). */
  secret: string;
  projectId: string;
  slug: string;
  admin: UserActor;
  /** Every request answered: path, status and how long the handler took (ms). */
  requests: { path: string; status: number; ms: number }[];
  /** Requests being handled now (path and start time): for diagnosing a slow test. */
  inFlight(): { path: string; forMs: number }[];
  /** Publishes a routing version through the routing services; its number. */
  publish(document: unknown, note?: string): Promise<number>;
  /** Creates a budget through the budget service (evaluated at once: its state is the stored spend's). */
  createBudget(input: Record<string, unknown>): Promise<BudgetJson>;
  deleteBudget(id: string): Promise<void>;
  /** The routing version the gateway `gatewayId` last said it runs (x-switchyard-gateway-version), as recorded. */
  runningVersion(gatewayId: string): Promise<number | null | undefined>;
  events(): Promise<StoredEvent[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface StoredEvent {
  event_id: string;
  occurred_at: Date;
  mode: string | null;
  task: string | null;
  provider: string;
  model: string;
  requested_model: string | null;
  routing_rule_id: string | null;
  routing_version: number | null;
  routing_tier: string | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_micros: number | null;
  status: string;
  tags: Record<string, string> | null;
  user_id: string | null;
  session_id: string | null;
  turn: number | null;
  latency_ms: number | null;
  ttft_ms: number | null;
}

export async function startSwitchyard(t: TestDatabase, options: { port?: number } = {}): Promise<SwitchyardFixture> {
  const admin = await makeUser(t, 'admin');
  const slug = `gw-${Math.random().toString(36).slice(2, 8)}`;
  const projectId = (await makeProject(t, slug)).id;
  const secret = (await createApiKey(as(t, admin), { projectId, name: 'gateway', scopes: ['routing:read', 'ingest'] })).secret;
  const routes: Record<string, { method: string; handler: WebHandler }> = {
    '/api/v1/routing': { method: 'GET', handler: (await import('@/app/api/v1/routing/route')).GET },
    '/api/v1/budgets/state': { method: 'GET', handler: (await import('@/app/api/v1/budgets/state/route')).GET },
    '/api/v1/events': { method: 'POST', handler: (await import('@/app/api/v1/events/route')).POST },
    '/api/v1/key': { method: 'GET', handler: (await import('@/app/api/v1/key/route')).GET as WebHandler },
  };
  const requests: { path: string; status: number; ms: number }[] = [];
  const pending = new Set<Promise<unknown>>();
  const handling = new Map<Promise<unknown>, { path: string; at: number }>();

  const server = http.createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const found = routes[url.pathname];
    if (!found || found.method !== req.method) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found:api","message":"No such endpoint."}}');
      return;
    }
    // The client hanging up (or stop() cutting the connection) aborts the request, ending a long-poll at once.
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const body = parts.length > 0 ? Buffer.concat(parts) : undefined;
    const startedAt = Date.now();
    const work = (async () => {
      const response = await found.handler(
        new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body, signal: aborted.signal }),
      );
      const payload = Buffer.from(await response.arrayBuffer());
      requests.push({ path: url.pathname, status: response.status, ms: Date.now() - startedAt });
      if (res.destroyed) return;
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(payload);
    })().catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end(err.message);
    });
    pending.add(work);
    handling.set(work, { path: url.pathname, at: startedAt });
    await work;
    pending.delete(work);
    handling.delete(work);
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
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    // Handlers cut off mid-way finish their transaction (an ingestion may commit after its client was cut).
    await Promise.all(pending);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    secret,
    projectId,
    slug,
    admin,
    requests,
    inFlight: () => [...handling.values()].map((h) => ({ path: h.path, forMs: Date.now() - h.at })),
    async publish(document, note) {
      const draft = await createRoutingDraft(as(t, admin), { document });
      return (await publishRoutingDraft(as(t, admin), { id: draft.id, note: note ?? 'published by the gateway test' })).number;
    },
    createBudget: (input) => createBudget(as(t, admin), input),
    async deleteBudget(id) {
      await deleteBudget(as(t, admin), { id });
    },
    async runningVersion(gatewayId) {
      const { gateways } = await listGateways(as(t, admin));
      return gateways.find((g) => g.gatewayId === gatewayId && g.projectId === projectId)?.runningVersion;
    },
    async events() {
      const r = await t.db.execute(sql`select event_id, occurred_at, mode, task, provider, model, requested_model,
        routing_rule_id, routing_version, routing_tier, input_tokens::int, cache_read_tokens::int, cache_write_5m_tokens::int,
        cache_write_1h_tokens::int, output_tokens::int, reasoning_tokens::int, cost_micros::int, status, tags, user_id,
        session_id, turn, latency_ms, ttft_ms
        from usage_events where project_id = ${projectId} order by occurred_at, event_id`);
      return rowsOf<StoredEvent>(r);
    },
    stop,
    start: listen,
    async close() {
      if (server.listening) await stop();
      // The evaluation the last ingestion started must end before the database goes.
      await requestBudgetEvaluation(t, 'periods');
    },
  };
}
