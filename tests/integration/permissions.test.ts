/**
 * Finds every server action and every mutating route handler under app/ and proves each one checks
 * the caller itself: anonymous → unauthorized (401), viewer → forbidden (403). A new action or handler
 * without its own check fails here. The few public entry points are listed below with their reason,
 * and are tested for what they do allow.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ user: null as UserActor | null, db: null as unknown }));
vi.mock('@/lib/auth/current-user', () => ({ getCurrentUser: async () => current.user }));
vi.mock('@/db/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/db/client')>()),
  getDb: async () => current.db,
}));

const APP_DIR = path.resolve(__dirname, '../../app');
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Entry points that are public by design: file (relative to app/) → why. */
const PUBLIC_ACTIONS: Record<string, string> = {
  'setup/actions.ts#createFirstAdminAction': 'creates the first admin only while no user exists (tested below)',
};
const PUBLIC_ROUTES: Record<string, string> = {
  'api/auth/[...nextauth]/route.ts#POST': 'the sign-in endpoint itself (credentials are checked by lib/auth/authenticate.ts)',
};
/** Routes for gateways and SDKs, authorised by a project API key: a browser session grants nothing there (401). */
const KEY_ROUTES = new Set<string>(['api/v1/events/route.ts#POST', 'api/v1/otlp/v1/traces/route.ts#POST']);

function filesUnder(dir: string, name: (file: string) => boolean): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => name(f)).map((f) => path.join(dir, f));
}

const actionFiles = filesUnder(APP_DIR, (f) => /\.(ts|tsx)$/.test(f)).filter((f) =>
  /^\s*['"]use server['"]/.test(fs.readFileSync(f, 'utf8')),
);
const routeFiles = filesUnder(APP_DIR, (f) => /(^|\/)route\.ts$/.test(f));

let t: TestDatabase;
let viewer: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  current.db = t.db;
  await makeUser(t.db, 'admin');
  viewer = await makeUser(t.db, 'viewer');
});
afterAll(async () => t?.destroy());
beforeEach(() => {
  current.user = null;
});

async function loadActions() {
  const found: { id: string; fn: (prev: unknown, input: FormData) => Promise<{ ok: boolean; error?: { code: string } }> }[] = [];
  for (const file of actionFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn === 'function') found.push({ id: `${path.relative(APP_DIR, file)}#${name}`, fn: fn as never });
    }
  }
  return found;
}

async function loadMutatingRoutes() {
  const found: { id: string; handler: (req: Request, ctx: unknown) => Promise<Response> }[] = [];
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of MUTATING) {
      if (typeof mod[method] === 'function') found.push({ id: `${path.relative(APP_DIR, file)}#${method}`, handler: mod[method] as never });
    }
  }
  return found;
}

describe('server actions', () => {
  it('finds the actions it checks', async () => {
    const ids = (await loadActions()).map((a) => a.id);
    expect(ids).toContain('(app)/settings/users/actions.ts#createUserAction');
    expect(ids).toContain('(app)/settings/api-keys/actions.ts#revokeApiKeyAction');
    expect(ids.length).toBeGreaterThanOrEqual(9);
  });

  it('refuses every protected action: anonymous → unauthorized, viewer → forbidden', async () => {
    const actions = (await loadActions()).filter((a) => !(a.id in PUBLIC_ACTIONS));
    for (const action of actions) {
      current.user = null;
      const anonymous = await action.fn(null, new FormData());
      expect({ id: action.id, code: anonymous.error?.code }).toEqual({ id: action.id, code: 'unauthorized:auth' });
      current.user = viewer;
      const asViewer = await action.fn(null, new FormData());
      expect({ id: action.id, code: asViewer.error?.code }).toEqual({ id: action.id, code: 'forbidden:auth' });
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
    for (const user of [null, viewer]) {
      current.user = user;
      const result = await createFirstAdminAction(null, form);
      expect(result.ok ? 'ok' : result.error.code).toBe('conflict:setup');
    }
    expect(await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'mallory@example.com') })).toBeUndefined();
  });
});

describe('mutating route handlers', () => {
  it('refuses every protected handler: anonymous → 401, viewer → 403', async () => {
    const routes = (await loadMutatingRoutes()).filter((r) => !(r.id in PUBLIC_ROUTES));
    for (const route of routes) {
      const call = () => route.handler(new Request('http://localhost/x', { method: 'POST', body: '{}' }), { params: Promise.resolve({}) });
      current.user = null;
      expect({ id: route.id, status: (await call()).status }).toEqual({ id: route.id, status: 401 });
      current.user = viewer;
      const expected = KEY_ROUTES.has(route.id) ? 401 : 403;
      expect({ id: route.id, status: (await call()).status }).toEqual({ id: route.id, status: expected });
    }
  });

  it('the usage CSV export (a read) refuses anonymous callers and serves any signed-in role', async () => {
    const { GET } = await import('@/app/(app)/usage/export/route');
    const call = () => GET(new Request('http://localhost/usage/export?group=mode&range=7d'));
    current.user = null;
    const refused = await call();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized:auth');
    current.user = viewer;
    const served = await call();
    expect(served.status).toBe(200);
    expect((await served.text()).split('\r\n')[0]).toBe(
      'Mode,requests,input_tokens,output_tokens,cost_usd,share_of_cost,unpriced_requests',
    );
  });

  it('lists only public and key routes that still exist', async () => {
    const ids = (await loadMutatingRoutes()).map((r) => r.id);
    for (const id of [...Object.keys(PUBLIC_ROUTES), ...KEY_ROUTES]) expect(ids).toContain(id);
  });
});
