/**
 * A Switchyard that misbehaves: it serves a routing document and a budget state that fail the gateway's validation.
 * The real Switchyard refuses such documents when they are saved (its own validation), so it cannot play this part;
 * the contract-faithful stand-in (gateway/test-support/fake-switchyard.ts) serves whatever it is given. Everything
 * else the gateway does against Switchyard is tested on the real one (gateway.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DOCUMENT } from '@/gateway/test-support/env';
import { type FakeBudget, type FakeSwitchyard, startFakeSwitchyard } from '@/gateway/test-support/fake-switchyard';
import { type MockUpstream, startMockUpstream } from '@/gateway/test-support/mock-upstream';
import { type GatewayFixture, startTestGateway, waitFor } from './support/gateway';

const SECRET = `sy_${'a'.repeat(8)}_${'b'.repeat(40)}`;
let sy: FakeSwitchyard;
let upstream: MockUpstream;
let gw: GatewayFixture;

beforeAll(async () => {
  sy = await startFakeSwitchyard({
    keys: { [SECRET]: ['routing:read', 'ingest'] },
    routes: {
      '/api/v1/key': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ project: { id: '0', slug: 'p', name: 'P' }, keyId: 'k', scopes: ['routing:read', 'ingest'] }));
      },
    },
  });
  sy.publish(TEST_DOCUMENT);
  upstream = await startMockUpstream();
  gw = await startTestGateway({ switchyardUrl: sy.url, switchyardKey: SECRET, upstreamUrl: upstream.url });
  await waitFor(() => gw.gateway.routing()?.version === 1 && gw.gateway.budgets.loaded, 'the routing document and budget state');
});
afterAll(async () => {
  await gw?.gateway.close(500);
  await upstream?.close();
  await sy?.close();
});

describe('a document that fails validation', () => {
  it('is never applied: the last good routing table stays in force, and the log says why', async () => {
    // Compilable, but validation refuses it: a misspelt test (`whne`) would silently widen the rule.
    const typo = { id: 'typo', whne: { mode: ['ask'] }, when: {}, route: { tier: 'frontier' } };
    sy.publish({ tiers: TEST_DOCUMENT.tiers, rules: [TEST_DOCUMENT.rules[1], typo] });
    await waitFor(() => gw.logs.some((l) => l.includes('routing: refused an invalid document')), 'the refusal in the log');
    expect(gw.gateway.routing()!.version).toBe(1);
    expect(gw.logs.find((l) => l.includes('refused an invalid document'))).toContain('unknown_field');
    const metrics = await (await fetch(`${gw.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_gateway_routing_version 1\b/);
    // The next valid version is applied.
    const v = sy.publish({ ...TEST_DOCUMENT, rules: TEST_DOCUMENT.rules.slice(1) });
    await waitFor(() => gw.gateway.routing()!.version === v, 'the next valid version');
  });

  it('a budget state that fails validation is not applied either', async () => {
    const good: FakeBudget = {
      id: 'b-1',
      name: 'Debug',
      state: 'ok',
      action: { kind: 'block' },
      scope: { mode: ['debug'], task: [], user: [], tier: [], model: [], provider: [], tags: {} },
      period: { key: 'day:x', start: new Date(Date.now() - 3_600_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() },
      spendMicros: 0,
      amountMicros: 1_000_000,
      unpricedRequests: 0,
      percentTenths: 0,
    };
    sy.setBudgets([good]);
    await waitFor(() => gw.gateway.budgets.count === 1, 'the valid state');
    sy.setBudgets([good, { ...good, id: 'b-2', state: 'exceeded', amountMicros: 0 }]);
    await waitFor(() => gw.logs.some((l) => l.includes('budgets: refused an invalid document')), 'the refusal in the log');
    expect(gw.gateway.budgets.count).toBe(1);
    expect(gw.gateway.budgets.forRequest({ mode: 'debug' }).budgets.map((b) => b.id)).toEqual(['b-1']);
  });
});
