/**
 * Finds every server action and every route handler under app/ and proves each one checks its caller
 * against the access it declares (`.access`, attached by defineAction and route()): anonymous → 401, and
 * for each role — by session and by a personal access token — 403 exactly where the permission table
 * says no. Key routes refuse people and keys without the scope. A new action or handler is covered by
 * itself; one without declared access, or public without a reason listed here, fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import type { Access } from '@/lib/auth/access';
import type { UserActor } from '@/lib/auth/actor';
import { can, ROLES, type Role } from '@/lib/auth/permissions';
import { API_KEY_SCOPES } from '@/lib/keys/api-key';
import { createAccessToken } from '@/services/access-tokens/create-access-token';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ user: null as UserActor | null, handle: null as DatabaseHandle | null }));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => current.user }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

const APP_DIR = path.resolve(__dirname, '../../app');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Entry points that are public by design (`{ public: … }`): id → why. Anything else public fails the test. */
const PUBLIC: Record<string, string> = {
  'setup/actions.ts#createFirstAdminAction': 'creates the first admin only while no user exists (tested below)',
  'api/auth/[...nextauth]/route.ts#GET': 'next-auth: the sign-in pages and session endpoint',
  'api/auth/[...nextauth]/route.ts#POST': 'next-auth: the sign-in endpoint (services/auth/authenticate.ts checks credentials)',
  'api/health/route.ts#GET': 'load balancers probe it; it reveals only the driver name',
};

type ActionFn = ((prev: unknown, input: FormData) => Promise<{ ok: boolean; error?: { code: string } }>) & { access?: Access };
type RouteFn = ((req: Request, next?: { params: Promise<unknown> }) => Promise<Response>) & { access?: Access };

function filesUnder(dir: string, name: (file: string) => boolean): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => name(f)).map((f) => path.join(dir, f));
}

const actionFiles = filesUnder(APP_DIR, (f) => /\.(ts|tsx)$/.test(f)).filter((f) =>
  /^\s*['"]use server['"]/.test(fs.readFileSync(f, 'utf8')),
);
const routeFiles = filesUnder(APP_DIR, (f) => /(^|\/)route\.ts$/.test(f));

async function loadActions() {
  const found: { id: string; fn: ActionFn }[] = [];
  for (const file of actionFiles) {
    for (const [name, fn] of Object.entries((await import(file)) as Record<string, unknown>)) {
      if (typeof fn === 'function') found.push({ id: `${path.relative(APP_DIR, file)}#${name}`, fn: fn as ActionFn });
    }
  }
  return found;
}

async function loadRoutes() {
  const found: { id: string; method: (typeof METHODS)[number]; handler: RouteFn }[] = [];
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === 'function') {
        found.push({ id: `${path.relative(APP_DIR, file)}#${method}`, method, handler: mod[method] as RouteFn });
      }
    }
  }
  return found;
}

let t: TestDatabase;
const people = {} as Record<Role, UserActor>;
const tokens = {} as Record<Role, string>;
const keys: Record<string, string> = {};
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  for (const role of ROLES) {
    people[role] = await makeUser(t, role);
    tokens[role] = (await createAccessToken(as(t, people[role]), { name: 'ci', expiresInDays: null })).secret;
  }
  const project = await makeProject(t);
  for (const scope of API_KEY_SCOPES) {
    keys[scope] = (await createApiKey(as(t, people.admin), { projectId: project.id, name: scope, scopes: [scope] })).secret;
  }
});
afterAll(async () => t?.destroy());
beforeEach(() => {
  current.user = null;
});

const refusal = (code: string | undefined) => (code?.startsWith('unauthorized:') || code?.startsWith('forbidden:') ? code : 'let through');

describe('every entry point declares its access', () => {
  it('finds the actions and routes it checks', async () => {
    const actions = (await loadActions()).map((a) => a.id);
    expect(actions).toContain('(app)/settings/users/actions.ts#createUserAction');
    expect(actions).toContain('(app)/settings/access-tokens/actions.ts#revokeAccessTokenAction');
    expect(actions).toContain('(app)/settings/channels/actions.ts#sendTestAction');
    expect(actions.length).toBeGreaterThanOrEqual(16);
    const routes = (await loadRoutes()).map((r) => r.id);
    expect(routes).toContain('api/v1/events/route.ts#POST');
    expect(routes).toContain('(app)/usage/export/route.ts#GET');
  });

  it('attaches its access to every action and handler, and is public only where listed here', async () => {
    const entries = [
      ...(await loadActions()).map((a) => ({ id: a.id, access: a.fn.access })),
      ...(await loadRoutes()).map((r) => ({ id: r.id, access: r.handler.access })),
    ];
    for (const { id, access } of entries) {
      expect({ id, declared: access !== undefined }).toEqual({ id, declared: true });
      expect({ id, public: typeof access?.public === 'string' }).toEqual({ id, public: id in PUBLIC });
    }
    for (const id of Object.keys(PUBLIC)) expect(entries.map((e) => e.id)).toContain(id);
  });
});

describe('server actions', () => {
  it('refuses anonymous callers, and each role exactly where the permission table says no', async () => {
    for (const action of (await loadActions()).filter((a) => !(a.id in PUBLIC))) {
      const permission = action.fn.access!.person!;
      current.user = null;
      const anonymous = await action.fn(null, new FormData());
      expect({ id: action.id, code: anonymous.error?.code }).toEqual({ id: action.id, code: 'unauthorized:auth' });
      for (const role of ROLES) {
        current.user = people[role];
        const result = await action.fn(null, new FormData());
        const expected = can(role, permission) ? 'let through' : 'forbidden:auth';
        expect({ id: action.id, role, result: refusal(result.error?.code) }).toEqual({ id: action.id, role, result: expected });
      }
    }
  });

  it('lets nobody run first-admin setup once a user exists', async () => {
    const { createFirstAdminAction } = await import('@/app/setup/actions');
    const form = new FormData();
    for (const [k, v] of Object.entries({
      name: 'Mallory',
      email: 'mallory@example.com',
      password: 'long enough password',
      confirm: 'long enough password',
    }))
      form.set(k, v);
    for (const user of [null, people.viewer]) {
      current.user = user;
      const result = await createFirstAdminAction(null, form);
      expect(result.ok ? 'ok' : result.error.code).toBe('conflict:setup');
    }
    expect(await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'mallory@example.com') })).toBeUndefined();
  });
});

describe('route handlers', () => {
  const call = (handler: RouteFn, method: string, headers: Record<string, string> = {}) =>
    handler(new Request('http://localhost/x', { method, headers, body: SAFE.has(method) ? undefined : '{}' }), {
      params: Promise.resolve({}),
    });

  it('refuses anonymous callers, and each role (by session and by access token) where the permission table says no', async () => {
    for (const route of (await loadRoutes()).filter((r) => !(r.id in PUBLIC))) {
      const access = route.handler.access!;
      current.user = null;
      expect({ id: route.id, status: (await call(route.handler, route.method)).status }).toEqual({ id: route.id, status: 401 });
      for (const role of ROLES) {
        // A route without a person's permission takes project keys only: a person is not a caller there (401).
        const expected = !access.person ? 401 : can(role, access.person) ? 'let through' : 403;
        current.user = people[role];
        const bySession = (await call(route.handler, route.method)).status;
        current.user = null;
        const byToken = (await call(route.handler, route.method, { authorization: `Bearer ${tokens[role]}` })).status;
        const seen = (status: number) => (status === 401 || status === 403 ? status : 'let through');
        expect({ id: route.id, role, bySession: seen(bySession), byToken: seen(byToken) }).toEqual({
          id: route.id,
          role,
          bySession: expected,
          byToken: expected,
        });
      }
    }
  });

  it('lets project keys through only to routes that take them, with the scope they name', async () => {
    for (const route of (await loadRoutes()).filter((r) => !(r.id in PUBLIC))) {
      const access = route.handler.access!;
      for (const scope of API_KEY_SCOPES) {
        const status = (await call(route.handler, route.method, { authorization: `Bearer ${keys[scope]}` })).status;
        const expected = !access.apiKey ? 401 : access.apiKey === 'any' || access.apiKey === scope ? 'let through' : 403;
        const seen = status === 401 || status === 403 ? status : 'let through';
        expect({ id: route.id, scope, seen }).toEqual({ id: route.id, scope, seen: expected });
      }
    }
  });

  it('refuses a cross-site mutation ridden on a session cookie, not one sent with a token', async () => {
    const mutating = (await loadRoutes()).filter((r) => !(r.id in PUBLIC) && !SAFE.has(r.method) && r.handler.access?.person);
    expect(mutating.length).toBeGreaterThan(0);
    for (const route of mutating) {
      current.user = people.admin;
      const crossSite: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example', host: 'localhost' },
      ];
      for (const headers of crossSite) {
        const res = await call(route.handler, route.method, headers);
        expect({ id: route.id, code: ((await res.json()) as { error?: { code: string } }).error?.code }).toEqual({
          id: route.id,
          code: 'forbidden:csrf',
        });
      }
      current.user = null;
      const byToken = await call(route.handler, route.method, { 'sec-fetch-site': 'cross-site', authorization: `Bearer ${tokens.admin}` });
      expect({ id: route.id, status: byToken.status }).not.toEqual({ id: route.id, status: 403 });
      current.user = people.admin;
      const sameOrigin = await call(route.handler, route.method, { 'sec-fetch-site': 'same-origin' });
      expect({ id: route.id, status: sameOrigin.status }).not.toEqual({ id: route.id, status: 403 });
    }
  });

  it('the usage CSV export (a read) serves any signed-in role, and the same for a token', async () => {
    const { GET } = await import('@/app/(app)/usage/export/route');
    const get = (headers: Record<string, string> = {}) =>
      GET(new Request('http://localhost/usage/export?group=mode&range=7d', { headers }));
    current.user = people.viewer;
    const served = await get();
    expect(served.status).toBe(200);
    const header = 'Mode,requests,input_tokens,output_tokens,cost_usd,share_of_cost,unpriced_requests';
    expect((await served.text()).split('\r\n')[0]).toBe(header);
    current.user = null;
    const byToken = await get({ authorization: `Bearer ${tokens.viewer}` });
    expect((await byToken.text()).split('\r\n')[0]).toBe(header);
  });
});
