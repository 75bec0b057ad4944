/**
 * Switchyard for the gateway's integration tests: the fake pull endpoints (gateway/test-support/fake-switchyard.ts)
 * plus the real app's POST /api/v1/events and GET /api/v1/key route handlers on a test database, so reported events
 * are really validated, stored and priced. When the real pull endpoints land, swap the fake ones here: add
 * `'/api/v1/routing': webRoute(routingGET)` (and the budget state) to `routes` — a route given there wins over the
 * fake, and the gateway only sees the URL. Tests that publish through `fake.publish` / `fake.setBudgets` then
 * publish through the real service instead.
 */
import type http from 'node:http';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { type FakeSwitchyard, type NodeHandler, startFakeSwitchyard } from '@/gateway/test-support/fake-switchyard';
import type { TestDatabase } from '../../helpers/database';
import { as, makeProject, makeUser } from '../../helpers/fixtures';

/** A web route handler (Request → Response) served on a node:http server. */
export function webRoute(handler: (req: Request) => Promise<Response>): NodeHandler {
  return async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const response = await handler(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: body.length > 0 ? new Uint8Array(body) : undefined }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

export interface SwitchyardFixture {
  fake: FakeSwitchyard;
  url: string;
  secret: string;
  projectId: string;
  slug: string;
  events(): Promise<StoredEvent[]>;
}

export interface StoredEvent {
  event_id: string;
  mode: string | null;
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
  const { POST: events } = await import('@/app/api/v1/events/route');
  const { GET: key } = await import('@/app/api/v1/key/route');
  const fake = await startFakeSwitchyard({
    keys: { [secret]: ['routing:read', 'ingest'] },
    routes: { '/api/v1/events': webRoute(events), '/api/v1/key': webRoute(key) },
    port: options.port,
  });
  return {
    fake,
    url: fake.url,
    secret,
    projectId,
    slug,
    async events() {
      const r = await t.db.execute(sql`select event_id, mode, provider, model, requested_model, routing_rule_id, routing_version,
        routing_tier, input_tokens::int, cache_read_tokens::int, cache_write_5m_tokens::int, cache_write_1h_tokens::int,
        output_tokens::int, reasoning_tokens::int, cost_micros::int, status, tags, user_id, session_id, turn, latency_ms, ttft_ms
        from usage_events where project_id = ${projectId} order by occurred_at, event_id`);
      return rowsOf<StoredEvent>(r);
    },
  };
}
