/**
 * GET /api/v1/routing, the gateways' pull: a project key with routing:read, the published document and version, a
 * strong ETag from the content, If-None-Match → 304, ?wait long-polls answered within a second of a publish —
 * also on a second app instance (another connection pool) on Postgres, through LISTEN/NOTIFY — and the gateway
 * recorded from its headers. Management routes: bad input answered with a JSON pointer and a stable code.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DatabaseHandle, openMigratedDatabase } from '@/db/client';
import { validateRoutingPayload } from '@/gateway/routing';
import type { UserActor } from '@/lib/auth/actor';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { createAccessToken } from '@/services/access-tokens/create-access-token';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { createRoutingDraft } from '@/services/routing/create-routing-draft';
import { listGateways } from '@/services/routing/list-gateways';
import { publishRoutingDraft } from '@/services/routing/publish-routing-draft';
import { pullRouting } from '@/services/routing/pull-routing';
import { serviceContext } from '@/services/context';
import { openTestDatabase, type TestDatabase, testDriver } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ user: null as UserActor | null, handle: null as DatabaseHandle | null }));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => current.user }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let secret: string;
let noScope: string;
let projectId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  projectId = (await makeProject(t)).id;
  secret = (await createApiKey(as(t, admin), { projectId, name: 'gw', scopes: ['routing:read'] })).secret;
  noScope = (await createApiKey(as(t, admin), { projectId, name: 'ingest', scopes: ['ingest'] })).secret;
});
afterAll(async () => t?.destroy());

async function pull(headers: Record<string, string> = {}, query = '') {
  const { GET } = await import('@/app/api/v1/routing/route');
  const res = await GET(
    new Request(`http://localhost/api/v1/routing${query}`, { headers: { authorization: `Bearer ${secret}`, ...headers } }),
  );
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function publish(document: unknown, note: string) {
  const d = await createRoutingDraft(as(t, admin), { document });
  return publishRoutingDraft(as(t, admin), { id: d.id, note });
}

const INSTANCE = path.resolve(__dirname, '../helpers/routing-instance.ts');
const TSX_CLI = path.resolve(__dirname, '../../node_modules/tsx/dist/cli.mjs');

const errorCode = (body: Record<string, unknown> | null) => (body?.error as { code?: string } | undefined)?.code;

describe('GET /api/v1/routing', () => {
  it('answers 404 before anything is published, and refuses keys without routing:read', async () => {
    expect(await pull()).toMatchObject({ status: 404, body: { error: { code: 'not_found:routing' } } });
    const { GET } = await import('@/app/api/v1/routing/route');
    const res = await GET(new Request('http://localhost/api/v1/routing', { headers: { authorization: `Bearer ${noScope}` } }));
    expect(res.status).toBe(403);
    expect(errorCode((await res.json()) as Record<string, unknown>)).toBe('forbidden:api_key');
  });

  it('serves the published version with a strong ETag; If-None-Match → 304; a stale one → 200', async () => {
    const v1 = await publish(DEMO_ROUTING_V1, 'first');
    const a = await pull({ 'x-switchyard-gateway': 'gw-1', 'user-agent': 'test-gateway/1' });
    expect(a.status).toBe(200);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(a.body).toMatchObject({ version: v1.number, note: 'first', document: { rules: expect.any(Array) } });
    expect((a.body!.document as { rules: { id: string }[] }).rules.map((r) => r.id)).toEqual(['deep-work', 'code', 'ask', 'default']);
    // The reference gateway applies exactly this body (gateway/routing.ts), stamping the version.
    const applied = validateRoutingPayload(a.body);
    expect(applied.ok && applied.value.version).toBe(v1.number);
    expect((await pull()).etag).toBe(a.etag);
    expect(await pull({ 'if-none-match': a.etag! })).toMatchObject({ status: 304, etag: a.etag, body: null });
    expect((await pull({ 'if-none-match': '"stale"' })).status).toBe(200);
    expect((await pull({}, '?wait=61')).status).toBe(400);
    expect((await pull({}, '?wait=abc')).status).toBe(400);
  });

  it('long-polls: waits on a matching ETag until the next publish, then answers it within a second', async () => {
    const first = await pull();
    const started = Date.now();
    const waiting = pull(
      { 'if-none-match': first.etag!, 'x-switchyard-gateway': 'gw-1', 'x-switchyard-gateway-version': '1', 'user-agent': 'test-gateway/1' },
      '?wait=20',
    );
    await new Promise((r) => setTimeout(r, 300));
    const v2 = await publish(DEMO_ROUTING_V2, 'code → balanced');
    const publishedAt = Date.now();
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body?.version).toBe(v2.number);
    expect(answer.etag).not.toBe(first.etag);
    expect(Date.now() - publishedAt).toBeLessThan(1000);
    expect(Date.now() - started).toBeGreaterThan(250);
  });

  it('a long-poll with nothing new answers 304 when the wait ends', async () => {
    const now = await pull();
    const started = Date.now();
    const r = await pull({ 'if-none-match': now.etag! }, '?wait=1');
    expect(r.status).toBe(304);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('records the gateways that name themselves, and flags one behind the published version', async () => {
    const { gateways, published } = await listGateways(as(t, member));
    expect(published).toBe(2);
    expect(gateways).toEqual([
      expect.objectContaining({
        gatewayId: 'gw-1',
        projectId,
        runningVersion: 1,
        behind: true,
        userAgent: 'test-gateway/1',
        silent: false,
      }),
    ]);
  });
});

describe.runIf(testDriver() === 'postgres')('two app instances on Postgres', () => {
  it('a publish on one wakes the long-polls waiting on the other within a second (LISTEN/NOTIFY)', async () => {
    const other = await openMigratedDatabase(t.target);
    try {
      const key = serviceContext(other, { kind: 'api_key', projectId, keyId: 'k', scopes: ['routing:read'] });
      const first = await pullRouting(key, {});
      const waiters = Array.from({ length: 5 }, () => pullRouting(key, { ifNoneMatch: first.etag, wait: '20' }));
      await new Promise((r) => setTimeout(r, 500));
      const v = await publish({ ...DEMO_ROUTING_V1, rules: DEMO_ROUTING_V1.rules.slice(1) }, 'on instance A');
      const publishedAt = Date.now();
      const answers = await Promise.all(waiters);
      expect(Date.now() - publishedAt).toBeLessThan(1000);
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(JSON.parse((a as { body: string }).body).version).toBe(v.number);
      }
    } finally {
      await other.close();
    }
  });
});

/** A second app process (tests/helpers/routing-instance.ts) serving GET /api/v1/routing on the same database. */
async function startInstance(url: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [TSX_CLI, '--conditions', 'react-server', INSTANCE], {
    env: { ...process.env, DATABASE_URL: url, ADMIN_EMAIL: '', ADMIN_PASSWORD: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const listening = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the second instance exited (${code}) before listening: ${out}`)));
  });
  return { url: listening, stop: () => child.stdin.end() };
}

describe.runIf(testDriver() === 'postgres')('two app processes on Postgres', () => {
  it('the other process serves the same strong ETag, answers 304 to it and wakes its long-polls within a second of a publish', async () => {
    if (t.target.driver !== 'postgres') throw new Error('postgres only');
    const other = await startInstance(t.target.url);
    try {
      const get = (headers: Record<string, string>, query = '') =>
        fetch(`${other.url}/api/v1/routing${query}`, { headers: { authorization: `Bearer ${secret}`, ...headers } });
      const here = await pull();
      const there = await get({ 'x-switchyard-gateway': 'gw-other-process', 'x-switchyard-gateway-version': String(here.body?.version) });
      expect(there.status).toBe(200);
      expect(there.headers.get('etag')).toBe(here.etag);
      expect(((await there.json()) as { version: number }).version).toBe(here.body?.version);
      const unchanged = await get({ 'if-none-match': here.etag! }, '?wait=1');
      expect([unchanged.status, unchanged.headers.get('etag')]).toEqual([304, here.etag]);
      expect((await get({ 'if-none-match': '"stale"' })).status).toBe(200);

      const waiters = Array.from({ length: 5 }, () => get({ 'if-none-match': here.etag! }, '?wait=30'));
      await new Promise((r) => setTimeout(r, 1000));
      const v = await publish({ ...DEMO_ROUTING_V2, rules: DEMO_ROUTING_V2.rules.slice(1) }, 'published in this process');
      const publishedAt = Date.now();
      const answers = await Promise.all(
        waiters.map(async (w) => {
          const res = await w;
          return { status: res.status, etag: res.headers.get('etag'), version: ((await res.json()) as { version: number }).version };
        }),
      );
      expect(Date.now() - publishedAt).toBeLessThan(1000);
      const now = await pull();
      expect(answers).toEqual(Array(5).fill({ status: 200, etag: now.etag, version: v.number }));
      // The gateway the other process recorded is on the one list, flagged: it said it runs the version before.
      const listed = (await listGateways(as(t, member))).gateways.find((g) => g.gatewayId === 'gw-other-process');
      expect(listed).toMatchObject({ runningVersion: here.body?.version, behind: true });
    } finally {
      other.stop();
    }
  }, 90_000);
});

describe('management routes: bad input', () => {
  it('answers a JSON pointer and a stable code for bad JSON, schema violations, 1,000+ rules and > 1 MB', async () => {
    current.user = member;
    const { POST } = await import('@/app/api/v1/routing/drafts/route');
    const post = async (body: string) => {
      const res = await POST(new Request('http://localhost/api/v1/routing/drafts', { method: 'POST', body }));
      return {
        status: res.status,
        error: ((await res.json()) as { error?: { code: string; issues?: { code: string; path: string }[] } }).error,
      };
    };
    const bad = await post('{"document": ');
    expect(bad).toMatchObject({ status: 400, error: { code: 'bad_request:routing', issues: [{ code: 'invalid_json', path: '' }] } });
    const schema = await post(JSON.stringify({ document: { tiers: {}, rules: [{ id: 'A B', when: {}, route: { tier: 't' } }] } }));
    expect(schema.status).toBe(400);
    expect(schema.error?.issues).toContainEqual(expect.objectContaining({ code: 'invalid_value', path: '/rules/0/id' }));
    const rules = Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, when: { mode: [`m${i}`] }, route: { tier: 't' } }));
    const many = await post(JSON.stringify({ document: { tiers: { t: ['openai/gpt-5'] }, rules } }));
    expect(many.error?.issues).toEqual([expect.objectContaining({ code: 'too_many_rules', path: '/rules' })]);
    const huge = await post(JSON.stringify({ document: { tiers: {}, rules: [], x: 'y'.repeat(1_200_000) } }));
    expect(huge).toMatchObject({ status: 413, error: { code: 'payload_too_large:routing', issues: [{ code: 'document_too_large' }] } });
    const ok = await post(JSON.stringify({ document: DEMO_ROUTING_V2 }));
    expect(ok.status).toBe(201);
    current.user = null;
  });

  it('routing as code: CI with an admin access token drafts and publishes with the same validation; a member token may not', async () => {
    const api = async (token: string, url: string, body?: unknown) => {
      const mod = url.endsWith('/publish')
        ? await import('@/app/api/v1/routing/drafts/[id]/publish/route')
        : await import('@/app/api/v1/routing/drafts/route');
      const id = /drafts\/([^/]+)\/publish$/.exec(url)?.[1] ?? '';
      const res = await mod.POST(
        new Request(`http://localhost${url}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ id }) },
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const ci = (await createAccessToken(as(t, admin), { name: 'routing from git', expiresInDays: '30' })).secret;
    const memberToken = (await createAccessToken(as(t, member), { name: 'member CI', expiresInDays: '30' })).secret;
    const good = { ...DEMO_ROUTING_V2, rules: DEMO_ROUTING_V2.rules.slice(2) };
    const draft = await api(ci, '/api/v1/routing/drafts', { name: 'from git', document: good });
    expect(draft.status).toBe(201);
    const draftId = (draft.body.draft as { id: string }).id;
    expect((await api(memberToken, `/api/v1/routing/drafts/${draftId}/publish`, { note: 'x' })).status).toBe(403);
    const published = await api(ci, `/api/v1/routing/drafts/${draftId}/publish`, { note: 'git: main@abc123' });
    expect(published.status).toBe(201);
    const version = (published.body.version as { number: number }).number;
    const pulled = await pull();
    expect(pulled.body).toMatchObject({ version, note: 'git: main@abc123' });
    // Saved with an unknown model (a draft may hold it), refused at publish with the issue at its JSON pointer.
    const bad = { ...good, tiers: { ...good.tiers, economy: ['openai/no-such-model-9'] } };
    const badDraft = await api(ci, '/api/v1/routing/drafts', { document: bad });
    expect(badDraft.status).toBe(201);
    const refused = await api(ci, `/api/v1/routing/drafts/${(badDraft.body.draft as { id: string }).id}/publish`, { note: 'bad' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'bad_request:routing',
      issues: expect.arrayContaining([expect.objectContaining({ code: 'unknown_model', path: '/tiers/economy/0' })]),
    });
    expect((await pull()).body?.version).toBe(version);
  });

  it('a member may not publish through the API; an unknown version is not_found:routing', async () => {
    const d = await createRoutingDraft(as(t, member), { document: DEMO_ROUTING_V2 });
    current.user = member;
    const { POST } = await import('@/app/api/v1/routing/drafts/[id]/publish/route');
    const res = await POST(new Request(`http://localhost/x`, { method: 'POST', body: '{"note":"x"}' }), {
      params: Promise.resolve({ id: d.id }),
    });
    expect(res.status).toBe(403);
    const { GET } = await import('@/app/api/v1/routing/versions/[version]/route');
    const missing = await GET(new Request('http://localhost/x'), { params: Promise.resolve({ version: '404' }) });
    expect(missing.status).toBe(404);
    expect(errorCode((await missing.json()) as Record<string, unknown>)).toBe('not_found:routing');
    current.user = null;
  });
});
