/**
 * The demo's routing ("4 of 6" item 7) as scripts/seed-demo.ts makes it (scripts/lib/demo-routing.ts): version 1, version 2
 * on its known day, a draft in progress, and two gateways that pulled through the real route handler, one left on
 * version 1. With the demo traffic ingested, the Overview's spend by routing decision names the rules of the versions the
 * events were routed by, and the session advice (the published table through the evaluator) leaves every turn that
 * version 2 routed alone — the advice and the stamped decisions agree.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { spendBy } from '@/db/queries/overview';
import type { UserActor } from '@/lib/auth/actor';
import { DEMO_PROJECTS } from '@/lib/demo/catalog';
import { DEMO_GATEWAYS } from '@/lib/demo/gateways';
import { type DemoUsageEvent, demoRoutingVersions, generateDemoEvents } from '@/lib/demo/generator';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { resolvePeriod } from '@/lib/time/periods';
import { ingestItems } from '@/services/ingest/ingest-items';
import { createProject } from '@/services/projects/create-project';
import { adviseSessionTiers } from '@/services/routing/advise-session-tiers';
import { listGateways } from '@/services/routing/list-gateways';
import { listRoutingDrafts } from '@/services/routing/list-routing-drafts';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';
import { getSessionTurns } from '@/services/sessions/get-session-turns';
import { DEMO_DRAFT_NAME, seedDemoRouting } from '../../scripts/lib/demo-routing';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeUser } from '../helpers/fixtures';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

const DAYS = 20;
const end = new Date();
end.setUTCMinutes(0, 0, 0);
const v2From = demoRoutingVersions({ days: DAYS, end })[1]!.from;

let t: TestDatabase;
let viewer: UserActor;
const projectIds = new Map<string, string>();
const events: { projectSlug: string; event: DemoUsageEvent }[] = [];
let gatewayKeyLine: string | null;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  viewer = await makeUser(t, 'viewer');
  for (const p of DEMO_PROJECTS) projectIds.set(p.slug, (await createProject(asSystem(t), { name: p.name, slug: p.slug })).id);
  gatewayKeyLine = await seedDemoRouting(t, {
    days: DAYS,
    end,
    projectId: projectIds.get(DEMO_PROJECTS[0]!.slug)!,
    slug: DEMO_PROJECTS[0]!.slug,
  });
  events.push(...generateDemoEvents({ seed: 42, days: DAYS, end }));
  for (const p of DEMO_PROJECTS) {
    const items = events.filter((e) => e.projectSlug === p.slug).map((e) => ({ ok: true as const, value: e.event }));
    await ingestItems(asSystem(t), { projectId: projectIds.get(p.slug)!, items, window: { now: new Date(), lateArrivalDays: null } });
  }
}, 120_000);
afterAll(async () => t?.destroy());

describe('the demo routing', () => {
  it('publishes version 1, then version 2 on its known day, and leaves a draft in progress', async () => {
    const { versions, published } = await listRoutingVersions(as(t, viewer));
    expect(published).toBe(2);
    expect(versions.map((v) => [v.number, v.publishedAt.toISOString()])).toEqual([
      [2, v2From.toISOString()],
      [1, demoRoutingVersions({ days: DAYS, end })[0]!.from.toISOString()],
    ]);
    expect((await listRoutingDrafts(as(t, viewer))).map((d) => d.name)).toEqual([DEMO_DRAFT_NAME]);
    expect(gatewayKeyLine).toMatch(/^checkout-agent \(routing:read, the demo gateways' key\): sy_/);
  });

  it('shows a gateway on the published version and one flagged on version 1, both recorded by real pulls', async () => {
    const { gateways } = await listGateways(as(t, viewer));
    const byId = new Map(gateways.map((g) => [g.gatewayId, g]));
    expect(byId.get(DEMO_GATEWAYS.current)).toMatchObject({ runningVersion: 2, behind: false, projectSlug: 'checkout-agent' });
    expect(byId.get(DEMO_GATEWAYS.legacy)).toMatchObject({ runningVersion: 1, behind: true, projectSlug: 'checkout-agent' });
    expect(gateways).toHaveLength(2);
  });

  it("the Overview's spend by routing decision counts each rule's routed requests, under the rules of the versions in force", async () => {
    const scope = { period: resolvePeriod({ range: '30d' }, new Date(), 'UTC'), timeZone: 'UTC', projectIds: [] };
    const rows = await spendBy(t.db, scope, [{ dimension: 'routing' }]);
    const expected = new Map<string, number>();
    for (const { event } of events) {
      const rule = event.routing?.rule_id ?? '';
      expected.set(rule, (expected.get(rule) ?? 0) + 1);
    }
    expect(new Map(rows.map((r) => [r.keys[0], r.requests]))).toEqual(expected);
    const ruleIds = new Set([...DEMO_ROUTING_V1.rules, ...DEMO_ROUTING_V2.rules].map((r) => r.id));
    for (const r of rows) if (r.keys[0] !== '') expect(ruleIds).toContain(r.keys[0]);
    // From version 2's day every routed event names version 2 and one of its rules.
    const afterV2 = events.filter((e) => e.event.routing && new Date(e.event.timestamp) >= v2From);
    expect(afterV2.length).toBeGreaterThan(0);
    expect(new Set(afterV2.map((e) => e.event.routing!.version))).toEqual(new Set([2]));
  });

  it('the session advice, from the published table, leaves every turn version 2 routed on its tier', async () => {
    const routedByV2 = events.filter((e) => e.event.routing?.version === 2 && typeof e.event.session === 'string');
    const sessions = [...new Map(routedByV2.map((e) => [`${e.projectSlug}/${e.event.session}`, e])).values()].slice(0, 15);
    expect(sessions.length).toBeGreaterThan(0);
    const routing = new Map(events.map((e) => [e.event.event_id, e.event.routing]));
    let checked = 0;
    for (const s of sessions) {
      const found = await getSessionTurns(as(t, viewer), { projectId: projectIds.get(s.projectSlug)!, sessionId: s.event.session! });
      expect(found).toBeDefined();
      const { version, advice } = await adviseSessionTiers(as(t, viewer), { projectSlug: found!.projectSlug, turns: found!.turns });
      expect(version).toBe(2);
      found!.turns.forEach((turn, i) => {
        const stamped = routing.get(turn.eventId);
        if (stamped?.version !== 2) return;
        expect({ event: turn.eventId, advice: advice[i] }).toEqual({ event: turn.eventId, advice: null });
        checked += 1;
      });
      for (const a of advice) if (a) expect(a).toMatchObject({ version: 2, ruleId: expect.any(String) });
    }
    expect(checked).toBeGreaterThan(0);
  });
});
