/**
 * Budgets end to end on the services and the management API: bad input refused with stable codes and nothing
 * saved; every change audited; spend equal to the raw events' sum and to the usage explorer's total for the
 * same filter and period; threshold alerts exactly once per (budget, period, threshold), a late event into the
 * previous period alerting once, the next period clean; the gateways' state with ETag, 304 and long-poll.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { listAuditEntries } from '@/db/queries/audit';
import { listBudgetStatusRows, saveBudgetStatuses } from '@/db/queries/budgets';
import { rowsOf } from '@/db/rows';
import { alerts } from '@/db/tables/alerts';
import type { UserActor } from '@/lib/auth/actor';
import type { UsageTouch } from '@/lib/budgets/touch';
import type { AppError } from '@/lib/errors';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { acknowledgeAlert } from '@/services/budgets/acknowledge-alert';
import { createBudget } from '@/services/budgets/create-budget';
import { deleteBudget } from '@/services/budgets/delete-budget';
import { evaluateBudgets } from '@/services/budgets/evaluate-budgets';
import { getBudget } from '@/services/budgets/get-budget';
import { listAlerts } from '@/services/budgets/list-alerts';
import { listBudgets } from '@/services/budgets/list-budgets';
import { updateBudget } from '@/services/budgets/update-budget';
import { loadExplorer } from '@/services/explorer/load-explorer';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null, user: null as UserActor | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => current.user }));

let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let viewer: UserActor;
let projectId: string;
let otherProjectId: string;
const NOW = new Date('2026-12-10T12:30:00Z');

let seq = 0;
function event(over: { at: string; mode?: string; user?: string; tokens?: number; model?: string; tags?: Record<string, string> }) {
  seq += 1;
  return {
    ok: true as const,
    value: {
      event_id: `b-${seq}`,
      timestamp: over.at,
      provider: 'openai',
      model: over.model ?? 'gpt-5-mini',
      mode: over.mode ?? 'code',
      ...(over.user ? { user: over.user } : {}),
      ...(over.tags ? { tags: over.tags } : {}),
      usage: { input_tokens: over.tokens ?? 100_000, output_tokens: 10_000 },
    },
  };
}

async function ingest(project: string, items: ReturnType<typeof event>[]) {
  await ingestItems(asSystem(t), { projectId: project, items, window: { now: NOW, lateArrivalDays: null } });
}

async function rawSpend(where: string): Promise<{ cost: number; unpriced: number }> {
  const [row] = rowsOf<{ cost: string | null; unpriced: string }>(
    await t.db.execute(
      sql.raw(`select sum(cost_micros)::text as cost, count(*) filter (where cost_micros is null)::text as unpriced
        from usage_events where ${where}`),
    ),
  );
  return { cost: Number(row!.cost ?? 0), unpriced: Number(row!.unpriced) };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  );
const issuesOf = (p: Promise<unknown>) =>
  p.then(
    () => [],
    (e: AppError) => (e.issues ?? []).map((i) => `${i.path}:${i.code}`),
  );

beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  viewer = await makeUser(t, 'viewer');
  projectId = (await makeProject(t)).id;
  otherProjectId = (await makeProject(t)).id;
  await ingest(projectId, [
    event({ at: '2026-12-01T01:00:00Z' }),
    event({ at: '2026-12-03T10:00:00Z', user: 'alice', tags: { team: 'core' } }),
    event({ at: '2026-12-09T23:00:00Z', mode: 'plan', user: 'bob', tags: { team: 'core', env: 'prod' } }),
    event({ at: '2026-12-10T11:00:00Z', mode: 'ask', model: 'no-such-model-xyz' }),
    event({ at: '2026-11-20T10:00:00Z' }),
  ]);
  await ingest(otherProjectId, [event({ at: '2026-12-05T10:00:00Z' })]);
});
afterAll(async () => t?.destroy());

describe('budget definitions', () => {
  it('refuses bad input with a stable code per field and saves nothing', async () => {
    const base = { name: 'B', period: { kind: 'month' }, amount: '100' };
    const m = as(t, member, NOW);
    expect(await issuesOf(createBudget(m, { ...base, amount: 0 }))).toEqual(['amount:amount_not_positive']);
    expect(await issuesOf(createBudget(m, { ...base, amount: '1000000000' }))).toEqual(['amount:amount_too_large']);
    expect(await issuesOf(createBudget(m, { ...base, thresholds: [80, 50] }))).toEqual(['thresholds:thresholds_not_increasing']);
    expect(await issuesOf(createBudget(m, { ...base, thresholds: [50, 50] }))).toEqual(['thresholds:thresholds_not_increasing']);
    expect(await issuesOf(createBudget(m, { ...base, scope: { modes: ['code'] } }))).toEqual(['scope.modes:unknown_key']);
    expect(await issuesOf(createBudget(m, { ...base, action: { kind: 'downgrade', tier: 'gold' } }))).toEqual(['action.tier:unknown_tier']);
    expect(await issuesOf(createBudget(m, { ...base, channelIds: ['7d0b6c6e-2a55-4d7e-9f4e-0f7a3c1d2e9b'] }))).toEqual([
      'channelIds:unknown_channel',
    ]);
    expect(
      await issuesOf(
        createBudget(m, { ...base, period: { kind: 'rolling', unit: 'hours', length: 24 }, scope: { user: ['a'], model: ['m'] } }),
      ),
    ).toEqual(['period:rolling_scope_unsupported']);
    expect(await issuesOf(createBudget(m, { ...base, forecastAlert: 'yes' }))).toEqual(['forecastAlert:invalid_type']);
    expect(await codeOf(createBudget(m, { ...base, amount: -5 }))).toBe('bad_request:budget');
    expect((await listBudgets(as(t, viewer, NOW))).budgets).toEqual([]);
  });

  it('lets members and admins change budgets and viewers only read; every change is audited', async () => {
    expect(await codeOf(createBudget(as(t, viewer, NOW), { name: 'V', period: { kind: 'day' }, amount: 1 }))).toBe('forbidden:auth');
    expect(await codeOf(createBudget(as(t, null, NOW), { name: 'V', period: { kind: 'day' }, amount: 1 }))).toBe('unauthorized:auth');
    const b = await createBudget(as(t, member, NOW), { name: 'Temp', period: { kind: 'day' }, amount: 5 });
    const u = await updateBudget(as(t, admin, NOW), { id: b.id, amount: '7.5', thresholds: [90] });
    expect(u).toMatchObject({ amountMicros: 7_500_000, thresholds: [90], name: 'Temp' });
    expect(await codeOf(updateBudget(as(t, viewer, NOW), { id: b.id, amount: 1 }))).toBe('forbidden:auth');
    expect(await codeOf(updateBudget(as(t, member, NOW), { id: b.id, amount: 0 }))).toBe('bad_request:budget');
    expect((await getBudget(as(t, viewer, NOW), { id: b.id })).budget.amountMicros).toBe(7_500_000); // nothing half-saved
    await deleteBudget(as(t, member, NOW), { id: b.id });
    const actions = (await listAuditEntries(t.db, { limit: 50 })).filter((e) => e.targetId === b.id).map((e) => e.action);
    expect(actions.sort()).toEqual(['budget.create', 'budget.delete', 'budget.update']);
  });
  it('saves the statuses of the budgets that remain when one is deleted during its evaluation', async () => {
    const kept = await createBudget(as(t, member, NOW), {
      name: 'Kept',
      period: { kind: 'day' },
      amount: 5,
      scope: { project: [otherProjectId] },
    });
    const gone = await createBudget(as(t, member, NOW), {
      name: 'Gone',
      period: { kind: 'day' },
      amount: 5,
      scope: { project: [otherProjectId] },
    });
    const figures = (budgetId: string) => ({
      budgetId,
      periodKey: '2026-12-01',
      periodStart: new Date('2026-12-01T00:00:00Z'),
      periodEnd: new Date('2026-12-02T00:00:00Z'),
      spendMicros: 4_000_000,
      unpricedRequests: 0,
      state: 'warning' as const,
      percentTenths: 800,
    });
    await deleteBudget(as(t, member, NOW), { id: gone.id });
    const changed = await t.db.transaction((tx) =>
      saveBudgetStatuses(tx as unknown as typeof t.db, { rows: [figures(kept.id), figures(gone.id)], now: NOW }),
    );
    expect(changed).toEqual([kept.id]);
    const stored = await listBudgetStatusRows(t.db, { ids: [kept.id, gone.id] });
    expect(stored.map((r) => [r.budgetId, r.spendMicros])).toEqual([[kept.id, 4_000_000]]);
  });
});

describe('spend', () => {
  it('equals the raw events and the explorer for the same filter and period, with unpriced requests beside it', async () => {
    const org = await createBudget(as(t, member, NOW), { name: 'Org', period: { kind: 'month' }, amount: 1000 });
    const raw = await rawSpend(`occurred_at >= '2026-12-01' and occurred_at < '2027-01-01'`);
    expect(org.current).toMatchObject({ spendMicros: raw.cost, unpricedRequests: 1 });
    expect(raw.unpriced).toBe(1);

    const scoped = await createBudget(as(t, member, NOW), {
      name: 'Core team in project',
      period: { kind: 'month' },
      amount: 1000,
      scope: { project: [projectId], user: ['alice', 'bob'], tags: { team: ['core'] } },
    });
    const scopedRaw = await rawSpend(
      `project_id = '${projectId}' and user_id in ('alice','bob') and tags->>'team' = 'core'
        and occurred_at >= '2026-12-01' and occurred_at < '2027-01-01'`,
    );
    const detail = await getBudget(as(t, viewer, NOW), { id: scoped.id });
    expect(detail.budget.current!.spendMicros).toBe(scopedRaw.cost);
    expect(scopedRaw.cost).toBeGreaterThan(0);
    expect(detail.source).toMatch(/totals/); // read from the rollups ("daily totals by tag"), never raw events

    const explorer = await loadExplorer(as(t, viewer, NOW), {
      state: { ...detail.explorer.state },
      timeZone: detail.timeZone,
      projects: [
        { id: projectId, slug: (await t.db.query.projects.findFirst({ where: (p, { eq }) => eq(p.id, projectId) }))!.slug, name: 'x' },
      ],
    });
    const explorerTotal = explorer.table.reduce((s, r) => s + r.costMicros, 0);
    expect(explorerTotal).toBe(scopedRaw.cost);
    expect(detail.history[0]!.period.key).toBe('month:2026-11');
    expect(detail.history[0]!.status.spendMicros).toBe(0); // the November event is not in scope (no user)
    const orgDetail = await getBudget(as(t, viewer, NOW), { id: org.id });
    expect(orgDetail.history[0]!.status.spendMicros).toBe(
      (await rawSpend(`occurred_at >= '2026-11-01' and occurred_at < '2026-12-01'`)).cost,
    );
    expect(orgDetail.forecast?.method).toBe('trailing_days');
    await deleteBudget(as(t, member, NOW), { id: org.id });
    await deleteBudget(as(t, member, NOW), { id: scoped.id });
  });
});

describe('alerts', () => {
  it('alerts once per threshold and period, also for a late event into the last period, and starts the next period clean', async () => {
    const monthRaw = (
      await rawSpend(`project_id = '${projectId}' and mode = 'code' and occurred_at >= '2026-12-01' and occurred_at < '2027-01-01'`)
    ).cost;
    // 55 % used: 50 is crossed at creation's first evaluation.
    const amount = Math.ceil((monthRaw * 100) / 55);
    const b = await createBudget(as(t, member, NOW), {
      name: 'Code',
      period: { kind: 'month' },
      amount: (amount / 1_000_000).toFixed(6),
      scope: { project: [projectId], mode: ['code'] },
    });
    const sys = { ...asSystem(t), now: NOW };
    const first = await evaluateBudgets(sys);
    expect(first.alertIds).toHaveLength(1);
    expect((await evaluateBudgets(sys)).alertIds).toHaveLength(0);
    const ledger = async () =>
      (await t.db.select().from(alerts).where(sql`${alerts.budgetId} = ${b.id}`)).map((a) => `${a.periodKey} ${a.trigger}`).sort();
    expect(await ledger()).toEqual(['month:2026-12 threshold:50']);

    // One big event crosses 80 and 100 at once: two rows, one message naming 100 (the other without channels).
    await ingest(projectId, [event({ at: '2026-12-10T12:00:00Z', tokens: 1_000_000 })]);
    const second = await evaluateBudgets(sys);
    expect(second.alertIds).toHaveLength(2);
    const rows = await t.db.select().from(alerts).where(sql`${alerts.budgetId} = ${b.id} and ${alerts.trigger} = 'threshold:100'`);
    expect(rows[0]!.payload.data.threshold).toEqual({ percent: 100, crossed: [80, 100] });
    expect(rows[0]!.payload.type).toBe('budget.threshold_reached');
    expect((await evaluateBudgets(sys)).alertIds).toEqual([]);

    // A late event into November (the period before) crosses its thresholds once.
    await ingest(projectId, [event({ at: '2026-11-29T10:00:00Z', tokens: 3_000_000 })]);
    await evaluateBudgets(sys);
    await evaluateBudgets(sys);
    expect((await ledger()).filter((k) => k.startsWith('month:2026-11'))).toEqual([
      'month:2026-11 threshold:100',
      'month:2026-11 threshold:50',
      'month:2026-11 threshold:80',
    ]);

    // January: nothing spent yet, nothing alerted.
    const jan = await evaluateBudgets({ ...sys, now: new Date('2027-01-02T10:00:00Z') });
    expect(jan.alertIds).toEqual([]);
    const listed = await listAlerts(as(t, viewer, NOW), {});
    expect(listed.filter((a) => a.budgetId === b.id)).toHaveLength(6);
    expect(await codeOf(acknowledgeAlert(as(t, viewer, NOW), { id: listed[0]!.id }))).toBe('forbidden:auth');
    await acknowledgeAlert(as(t, member, NOW), { id: listed[0]!.id });
    expect((await listAlerts(as(t, viewer, NOW), {}))[0]!.acknowledgedAt).not.toBeNull();
    await deleteBudget(as(t, member, NOW), { id: b.id });
  });
});

describe('evaluation after a write', () => {
  it('re-reads only the budgets the write can match, the periods that turned over, and alerts from stored figures', async () => {
    const project = (await makeProject(t)).id;
    const m = as(t, member, NOW);
    const sys = { ...asSystem(t), now: NOW };
    const make = (name: string, scope: unknown) => createBudget(m, { name, period: { kind: 'month' }, amount: '1000', scope });
    const code = await make('Touch code', { project: [project], mode: ['code'] });
    const plan = await make('Touch plan', { project: [project], mode: ['plan'] });
    const other = await make('Touch other', { project: [otherProjectId] });
    const stored = async (id: string) => (await listBudgetStatusRows(t.db, { ids: [id] }))[0]!;
    const spendOf = async (id: string) => (await stored(id)).spendMicros;

    // A plan event stored without telling the evaluator, then a code event with its touch.
    await ingest(project, [event({ at: '2026-12-10T10:00:00Z', mode: 'plan' })]);
    let touch: UsageTouch | null = null;
    await ingestItems(asSystem(t), {
      projectId: project,
      items: [event({ at: '2026-12-10T11:00:00Z', mode: 'code' })],
      window: { now: NOW, lateArrivalDays: null },
      touched: (x) => {
        touch = x;
      },
    });
    const run = await evaluateBudgets(sys, { touches: [touch!] });
    expect(run.changed).toContain(code.id);
    expect(run.changed).not.toContain(plan.id);
    expect(run.changed).not.toContain(other.id);
    const raw = (mode: string) =>
      rawSpend(`project_id = '${project}' and mode = '${mode}' and occurred_at >= '2026-12-01' and occurred_at < '2027-01-01'`);
    expect(await spendOf(code.id)).toBe((await raw('code')).cost);
    expect(await spendOf(plan.id)).toBe(0); // not re-read: the write it missed was not announced
    expect((await evaluateBudgets(sys, { touches: [] })).changed).toEqual([]);
    await evaluateBudgets(sys); // every budget
    expect(await spendOf(plan.id)).toBe((await raw('plan')).cost);

    // An amount lowered under the spend: the periodic check alerts from the stored status, without a write.
    const spent = await spendOf(code.id);
    await updateBudget(m, { id: code.id, amount: ((spent * 1.5) / 1_000_000).toFixed(6) });
    const held = await evaluateBudgets(sys, { touches: [] });
    expect(held.evaluated).toBe(0);
    const ledger = await t.db.select().from(alerts).where(sql`${alerts.budgetId} = ${code.id}`);
    expect(ledger.map((a) => a.trigger)).toEqual(['threshold:50']);
    expect(held.alertIds).toEqual([ledger[0]!.id]);

    // January: the periods turned over, so the check re-reads them (nothing spent yet).
    const jan = await evaluateBudgets({ ...sys, now: new Date('2027-01-01T06:00:00Z') }, { touches: [] });
    expect(jan.evaluated).toBeGreaterThanOrEqual(3);
    expect((await stored(code.id)).periodKey).toBe('month:2027-01');
    for (const b of [code, plan, other]) await deleteBudget(m, { id: b.id });
  });
});

describe('forecast alert', () => {
  it('is sent once per period when the trailing rate projects past 100 %, with the exceed day in its payload', async () => {
    const project = (await makeProject(t)).id;
    await ingest(
      project,
      [3, 4, 5, 6, 7, 8, 9].map((d) => event({ at: `2026-12-0${d}T10:00:00Z`, mode: 'review' })),
    );
    const week = (await rawSpend(`project_id = '${project}'`)).cost;
    // Seven days spent ≈ 7/31 of the month at this rate: a budget of half the month's projection is crossed mid-month.
    const amount = Math.round((week / 7) * 16);
    const b = await createBudget(as(t, member, NOW), {
      name: 'Forecast',
      period: { kind: 'month' },
      amount: (amount / 1_000_000).toFixed(6),
      thresholds: [90],
      scope: { project: [project] },
      forecastAlert: true,
    });
    const sys = { ...asSystem(t), now: NOW };
    await evaluateBudgets(sys);
    await evaluateBudgets(sys);
    const rows = await t.db.select().from(alerts).where(sql`${alerts.budgetId} = ${b.id}`);
    expect(rows.map((r) => r.trigger)).toEqual(['forecast']);
    expect(rows[0]!.type).toBe('budget.forecast_exceeds');
    expect(rows[0]!.payload.data.forecast?.exceeds_on).toMatch(/^2026-12-(1[6-9]|2\d)$/);
    expect(rows[0]!.payload.data.forecast?.method).toMatch(/average of the 7 complete days recorded|last 7 complete days/);
    await deleteBudget(as(t, member, NOW), { id: b.id });
  });
});

describe('GET /api/v1/budgets/state', () => {
  it('answers the budgets of the key’s project with a strong ETag, 304 on If-None-Match, and long-polls until a change', async () => {
    const { GET } = await import('@/app/api/v1/budgets/state/route');
    const key = (await createApiKey(as(t, admin), { projectId, name: 'gw', scopes: ['routing:read'] })).secret;
    const ingestKey = (await createApiKey(as(t, admin), { projectId, name: 'in', scopes: ['ingest'] })).secret;
    const mine = await createBudget(as(t, member), {
      name: 'Plan',
      period: { kind: 'month' },
      amount: 800,
      scope: { project: [projectId], mode: ['plan'] },
      action: { kind: 'downgrade', tier: 'balanced' },
    });
    const org = await createBudget(as(t, member), { name: 'All', period: { kind: 'day' }, amount: 50 });
    const other = await createBudget(as(t, member), {
      name: 'Other',
      period: { kind: 'day' },
      amount: 5,
      scope: { project: [otherProjectId] },
    });
    const get = (headers: Record<string, string> = {}, query = '') =>
      GET(new Request(`http://localhost/api/v1/budgets/state${query}`, { headers: { authorization: `Bearer ${key}`, ...headers } }));

    const res = await get();
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['generatedAt', 'tierOrder', 'budgets']);
    expect(body.tierOrder.slice(0, 3)).toEqual(['frontier', 'balanced', 'economy']);
    expect(body.budgets.map((b: { id: string }) => b.id).sort()).toEqual([mine.id, org.id].sort());
    const plan = body.budgets.find((b: { id: string }) => b.id === mine.id);
    expect(plan).toMatchObject({ name: 'Plan', action: { kind: 'downgrade', tier: 'balanced' }, amountMicros: 800_000_000 });
    expect(plan.scope).toEqual({ mode: ['plan'], task: [], user: [], tier: [], model: [], provider: [], tags: {} });
    expect(Object.keys(plan)).toEqual([
      'id',
      'name',
      'state',
      'action',
      'scope',
      'period',
      'spendMicros',
      'amountMicros',
      'unpricedRequests',
      'percentTenths',
    ]);
    const { budgetStateSchema } = await import('@/gateway/budgets');
    expect(budgetStateSchema.safeParse(body).success).toBe(true);
    expect(body.budgets.some((b: { id: string }) => b.id === other.id)).toBe(false);

    const again = await get({ 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);

    const idle = Date.now();
    expect((await get({ 'if-none-match': etag }, '?wait=1')).status).toBe(304);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(900);

    // A change while a gateway waits: events through the API, the evaluation they trigger, the answer.
    const started = Date.now();
    const waiting = get({ 'if-none-match': etag }, '?wait=20');
    await new Promise((r) => setTimeout(r, 200));
    const { POST } = await import('@/app/api/v1/events/route');
    const post = await POST(
      new Request('http://localhost/api/v1/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ ...event({ at: new Date().toISOString(), mode: 'plan' }).value }] }),
      }),
    );
    expect(post.status).toBe(200);
    const changed = await waiting;
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await get({}, '?wait=61')).status).toBe(400);
    expect((await GET(new Request('http://localhost/api/v1/budgets/state'))).status).toBe(401);
    for (const b of [mine, org, other]) await deleteBudget(as(t, member), { id: b.id });
  });
});
