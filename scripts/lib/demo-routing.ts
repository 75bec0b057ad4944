/**
 * The demo's routing (scripts/seed-demo.ts; also run by tests/integration/routing-demo.test.ts): the versions the demo
 * traffic was routed by, published through the services on their days, a draft in progress, and two demo gateways that
 * pull GET /api/v1/routing through its real route handler with a routing:read key of the demo project.
 */
import type { DatabaseHandle } from '@/db/client';
import { GET as pullRoute } from '@/app/api/v1/routing/route';
import { DEMO_GATEWAY_KEY_NAME, DEMO_GATEWAY_USER_AGENT, DEMO_GATEWAYS } from '@/lib/demo/gateways';
import { demoRoutingVersions } from '@/lib/demo/generator';
import { DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { systemContext } from '@/services/context';
import { createRoutingDraft } from '@/services/routing/create-routing-draft';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';
import { publishRoutingDraft } from '@/services/routing/publish-routing-draft';

export const DEMO_DRAFT_NAME = 'Support questions on balanced';

/**
 * One pull of GET /api/v1/routing through its real route handler, as a gateway does: the project key, the gateway's
 * name and the version it runs, If-None-Match with the ETag it holds. Returns the status, ETag and version served.
 */
async function gatewayPull(
  secret: string,
  gateway: string,
  running: { version: number | null; etag: string | null },
): Promise<{ status: number; etag: string; version: number | null }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${secret}`,
    'x-switchyard-gateway': gateway,
    'user-agent': DEMO_GATEWAY_USER_AGENT,
  };
  if (running.version !== null) headers['x-switchyard-gateway-version'] = String(running.version);
  if (running.etag !== null) headers['if-none-match'] = running.etag;
  const res = await pullRoute(new Request('http://switchyard.local/api/v1/routing', { headers }));
  if (res.status !== 200 && res.status !== 304) throw new Error(`demo gateway ${gateway}: pull answered ${res.status} ${await res.text()}`);
  const body = res.status === 200 ? ((await res.json()) as { version: number }) : null;
  return { status: res.status, etag: res.headers.get('etag') ?? '', version: body?.version ?? running.version };
}

/** A gateway's first pull (it runs nothing yet), then the poll that reports the version it now runs (304: unchanged). */
async function gatewayFollows(secret: string, gateway: string): Promise<number | null> {
  const first = await gatewayPull(secret, gateway, { version: null, etag: null });
  const again = await gatewayPull(secret, gateway, { version: first.version, etag: first.etag });
  if (again.status !== 304) throw new Error(`demo gateway ${gateway}: the second pull answered ${again.status}, not 304`);
  return first.version;
}

/**
 * The routing versions the demo traffic was routed by (lib/demo/generator.ts demoRoutingVersions), published through
 * the real services on their days, and a draft in progress. Two demo gateways pull through the real route handler with
 * a routing:read key: the legacy one after version 1 (and it stays there), the current one after version 2. Skipped
 * when a version exists. Returns the gateway key's line for the keys file.
 */
export async function seedDemoRouting(handle: DatabaseHandle, options: { days: number; end: Date; projectId: string; slug: string }) {
  if ((await listRoutingVersions(systemContext(handle, 'demo-seed'))).versions.length > 0) return null;
  const key = await createApiKey(systemContext(handle, 'demo-seed'), {
    projectId: options.projectId,
    name: DEMO_GATEWAY_KEY_NAME,
    scopes: ['routing:read'],
  });
  const runs = new Map<string, number | null>();
  for (const v of demoRoutingVersions(options)) {
    const ctx = systemContext(handle, 'demo-seed', v.from);
    const draft = await createRoutingDraft(ctx, { name: `Version ${v.version}`, document: v.document });
    const published = await publishRoutingDraft(ctx, { id: draft.id, note: v.note });
    if (published.number !== v.version) throw new Error(`demo routing: published ${published.number}, expected ${v.version}`);
    const gateway = v.version === 1 ? DEMO_GATEWAYS.legacy : DEMO_GATEWAYS.current;
    runs.set(gateway, await gatewayFollows(key.secret, gateway));
  }
  if (runs.get(DEMO_GATEWAYS.legacy) !== 1 || runs.get(DEMO_GATEWAYS.current) !== 2)
    throw new Error(`demo gateways run ${JSON.stringify(Object.fromEntries(runs))}, expected legacy on 1 and current on 2`);
  const [deepWork, code, ask, ...rest] = DEMO_ROUTING_V2.rules;
  await createRoutingDraft(systemContext(handle, 'demo-seed'), {
    name: DEMO_DRAFT_NAME,
    document: {
      ...DEMO_ROUTING_V2,
      rules: [
        deepWork!,
        code!,
        {
          id: 'support-questions',
          description: 'The support assistant answers customers: give its questions a balanced model.',
          when: { project: ['support-assistant'], mode: ['ask'] },
          route: { tier: 'balanced' },
        },
        ask!,
        ...rest,
      ],
    },
  });
  return `${options.slug} (routing:read, the demo gateways' key): ${key.secret}`;
}
