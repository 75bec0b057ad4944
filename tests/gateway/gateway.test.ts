/**
 * The reference gateway end to end: the official openai and @anthropic-ai/sdk clients → the gateway → a mock
 * provider; the gateway pulls its routing table and budget state from the contract-faithful fake Switchyard and
 * reports to the real ingestion endpoint on a test database, where events are stored and priced.
 */
import fs from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import type { FakeBudget } from '@/gateway/test-support/fake-switchyard';
import { PROVIDER_KEYS, TEST_CLIENT_KEY, TEST_DOCUMENT } from '@/gateway/test-support/env';
import { type MockUpstream, startMockUpstream } from '@/gateway/test-support/mock-upstream';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { type GatewayFixture, parseRoute, startTestGateway, waitFor } from './support/gateway';
import { type StoredEvent, startSwitchyard, type SwitchyardFixture } from './support/switchyard';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let sy: SwitchyardFixture;
let upstream: MockUpstream;
let gw: GatewayFixture;
let openai: OpenAI;
let anthropic: Anthropic;
const messages = [{ role: 'user' as const, content: 'Say hello.' }];

beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  sy = await startSwitchyard(t);
  sy.fake.publish(TEST_DOCUMENT);
  upstream = await startMockUpstream();
  gw = await startTestGateway({
    switchyardUrl: sy.url,
    switchyardKey: sy.secret,
    upstreamUrl: upstream.url,
    extra: { GATEWAY_FIRST_BYTE_TIMEOUT_MS: '400' },
  });
  await waitFor(() => gw.gateway.routing()?.version === 1 && gw.gateway.budgets.loaded, 'the routing document and budget state');
  openai = new OpenAI({ apiKey: TEST_CLIENT_KEY, baseURL: `${gw.gateway.url}/v1`, maxRetries: 0, timeout: 10_000 });
  anthropic = new Anthropic({ apiKey: TEST_CLIENT_KEY, baseURL: gw.gateway.url, maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await gw?.gateway.close(500);
  await upstream?.close();
  await sy?.fake.close();
  await t?.destroy();
});

async function storedEvent(id: string | null): Promise<StoredEvent> {
  expect(id).toMatch(/^gw-/);
  return waitFor(async () => (await sy.events()).find((e) => e.event_id === id), `event ${id}`);
}
const lastRequest = () => upstream.received.at(-1)!;
const budget = (b: Partial<FakeBudget> & Pick<FakeBudget, 'id' | 'name' | 'action'>): FakeBudget => ({
  state: 'exceeded',
  period: {
    key: 'month:2099-01',
    start: new Date(Date.now() - 86_400_000).toISOString(),
    end: new Date(Date.now() + 86_400_000).toISOString(),
  },
  spendMicros: 2_000_000,
  amountMicros: 1_000_000,
  unpricedRequests: 0,
  percentTenths: 2000,
  ...b,
  scope: { mode: [], task: [], user: [], tier: [], model: [], provider: [], tags: {}, ...b.scope },
});

describe('routing through the published table, streamed and reported', () => {
  it('OpenAI SDK, streaming, plan mode: rule deep-work → frontier via Anthropic’s chat endpoint; the event stored, priced', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create(
        { model: 'auto', messages, stream: true, stream_options: { include_usage: true } },
        {
          headers: {
            'x-switchyard-mode': 'Plan',
            'x-switchyard-task': 'design',
            'x-switchyard-user': 'ana',
            'x-switchyard-session': 'sess-42',
            'x-switchyard-turn': '3',
            'x-switchyard-tags': 'team=search,env=prod',
          },
        },
      )
      .withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello');
    expect(usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
    expect(parseRoute(response.headers.get('x-switchyard-route'))).toMatchObject({
      action: 'rule',
      rule: 'deep-work',
      version: '1',
      tier: 'frontier',
      served: 'anthropic/claude-sonnet-4-5',
      attempt: '1',
    });
    expect(Number(response.headers.get('x-switchyard-overhead-ms'))).toBeGreaterThanOrEqual(0);
    const up = lastRequest();
    expect(up).toMatchObject({ provider: 'anthropic', api: 'chat', model: 'claude-sonnet-4-5', stream: true });
    expect(up.body.reasoning_effort).toBe('high');
    expect(up.headers.authorization).toBe(`Bearer ${PROVIDER_KEYS.anthropic}`);

    const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(e).toMatchObject({
      mode: 'plan',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      requested_model: 'auto',
      routing_rule_id: 'deep-work',
      routing_version: 1,
      routing_tier: 'frontier',
      input_tokens: 1500,
      cache_read_tokens: 1000,
      output_tokens: 50,
      reasoning_tokens: 20,
      status: 'ok',
      user_id: 'ana',
      session_id: 'sess-42',
      turn: 3,
      tags: { team: 'search', env: 'prod' },
    });
    expect(e.cost_micros).toBeGreaterThan(0);
    expect(e.ttft_ms).not.toBeNull();
  });

  it('a stream without include_usage gets no usage chunk, yet the event has the provider’s usage', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'auto', messages, stream: true }, { headers: { 'x-kilocode-mode': 'ask' } })
      .withResponse();
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.length).toBe(4);
    expect(chunks.every((c) => !c.usage && c.choices.length === 1)).toBe(true);
    expect(lastRequest()).toMatchObject({ provider: 'openai', model: 'gpt-5-nano', includeUsage: true });
    const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(e).toMatchObject({ mode: 'ask', routing_rule_id: 'ask', output_tokens: 50, reasoning_tokens: 20, cache_read_tokens: 1000 });
  });

  it('Anthropic SDK, streaming /v1/messages, code mode: the GPT model it cannot reach is skipped for the next of the tier', async () => {
    const ms = anthropic.messages.stream(
      { model: 'auto', max_tokens: 100, messages },
      { headers: { 'x-switchyard-mode': 'code', 'x-switchyard-task': 'refactor' } },
    );
    const final = await ms.finalMessage();
    const response = (await ms.withResponse()).response;
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Hello' });
    expect(final.usage).toMatchObject({ cache_read_input_tokens: 1000, cache_creation_input_tokens: 300, output_tokens: 50 });
    expect(parseRoute(response.headers.get('x-switchyard-route'))).toMatchObject({
      rule: 'code',
      tier: 'balanced',
      served: 'anthropic/claude-haiku-4-5',
      skipped: 'openai/gpt-5-mini,google/gemini-2.5-flash',
    });
    const up = lastRequest();
    expect(up).toMatchObject({ provider: 'anthropic', api: 'messages', model: 'claude-haiku-4-5', stream: true });
    expect(up.headers['x-api-key']).toBe(PROVIDER_KEYS.anthropic);
    expect(up.headers.authorization).toBeUndefined();
    const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(e).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      routing_rule_id: 'code',
      input_tokens: 1500,
      cache_read_tokens: 1000,
      cache_write_5m_tokens: 200,
      cache_write_1h_tokens: 100,
      output_tokens: 50,
    });
    expect(e.tags?.['gateway.skipped']).toContain('openai/gpt-5-mini');
    expect(e.cost_micros).toBeGreaterThan(0);
  });

  it('a tier alias and named models: served as asked unless a rule names them (non-streaming, both APIs)', async () => {
    const alias = await openai.chat.completions.create({ model: 'switchyard/economy', messages }).withResponse();
    expect(alias.data.choices[0]?.message.content).toBe('Hello');
    expect(parseRoute(alias.response.headers.get('x-switchyard-route'))).toMatchObject({
      action: 'tier_alias',
      rule: '-',
      tier: 'economy',
      served: 'openai/gpt-5-nano',
    });
    const e1 = await storedEvent(alias.response.headers.get('x-switchyard-event-id'));
    expect(e1).toMatchObject({ requested_model: 'switchyard/economy', routing_rule_id: null, routing_tier: 'economy', routing_version: 1 });

    const named = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-switchyard-mode': 'plan' } })
      .withResponse();
    expect(parseRoute(named.response.headers.get('x-switchyard-route'))).toMatchObject({
      action: 'pass_through',
      served: 'openai/gpt-4o-mini',
    });
    const e2 = await storedEvent(named.response.headers.get('x-switchyard-event-id'));
    expect(e2).toMatchObject({ model: 'gpt-4o-mini', requested_model: 'gpt-4o-mini', routing_rule_id: null, routing_version: null });
    expect(e2.cost_micros).toBeGreaterThan(0);

    const claude = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages }).withResponse();
    expect(claude.data.usage.cache_read_input_tokens).toBe(1000);
    const e3 = await storedEvent(claude.response.headers.get('x-switchyard-event-id'));
    expect(e3).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', cache_write_1h_tokens: 100, output_tokens: 50 });
  });

  it('a publish is followed within a second (long-poll), and the gateway says which version it runs', async () => {
    const next = { ...TEST_DOCUMENT, rules: TEST_DOCUMENT.rules.map((r) => (r.id === 'code' ? { ...r, route: { tier: 'economy' } } : r)) };
    const publishedAt = Date.now();
    const version = sy.fake.publish(next);
    const header = await waitFor(async () => {
      const r = await openai.chat.completions
        .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'code' } })
        .withResponse();
      const route = parseRoute(r.response.headers.get('x-switchyard-route'));
      return route.version === String(version) ? route : null;
    }, 'the new version');
    const followedIn = Date.now() - publishedAt;
    console.log(`publish → first request routed by it: ${followedIn} ms`);
    expect(followedIn).toBeLessThan(1_000);
    expect(header).toMatchObject({ rule: 'code', tier: 'economy', served: 'openai/gpt-5-nano' });
    await waitFor(() => sy.fake.gateways.get('gw-test') === String(version), 'x-switchyard-gateway-version');
  });

  it('never applies a document that fails validation: the last good one stays in force', async () => {
    const before = gw.gateway.routing()!.version;
    // Compilable, but the server's validation refuses it: a misspelt test (`whne`) would silently widen the rule.
    const typo = { id: 'typo', whne: { mode: ['ask'] }, when: {}, route: { tier: 'frontier' } };
    sy.fake.publish({ tiers: TEST_DOCUMENT.tiers, rules: [TEST_DOCUMENT.rules[1], typo] });
    await waitFor(() => gw.logs.some((l) => l.includes('refused an invalid document')), 'the refusal in the log');
    expect(gw.gateway.routing()!.version).toBe(before);
    expect(gw.logs.find((l) => l.includes('refused an invalid document'))).toContain('unknown_field');
    // The document without the budget rule, so the budget actions below are the budgets' own.
    const v = sy.fake.publish({ ...TEST_DOCUMENT, rules: TEST_DOCUMENT.rules.filter((r) => r.id !== 'over-budget') });
    await waitFor(() => gw.gateway.routing()!.version === v, 'the next valid version');
  });
});

describe('clients without a key', () => {
  it('are refused with 401 in each API’s error shape, and nothing reaches a provider', async () => {
    const sent = upstream.received.length;
    const noKey = await fetch(`${gw.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'auto', messages }),
    });
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error.code).toBe('unauthorized');
    const wrong = new Anthropic({ apiKey: 'sk-gw-not-a-client-key', baseURL: gw.gateway.url, maxRetries: 0 });
    await expect(wrong.messages.create({ model: 'auto', max_tokens: 5, messages })).rejects.toMatchObject({
      status: 401,
      error: { type: 'error', error: { type: 'authentication_error' } },
    });
    expect(upstream.received.length).toBe(sent);
  });
});

describe('fallbacks', () => {
  const ask = () => openai.chat.completions.create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'ask' } }).withResponse();

  it.each([
    ['a 503', { status: 503 }, 'http_503'],
    ['a 429', { status: 429 }, 'http_429'],
    ['a connection reset', { kind: 'reset' as const }, 'network'],
    ['no answer before the first-byte timeout', { kind: 'hang' as const }, 'timeout'],
  ])('%s moves to the route’s next model; both attempts are reported', async (_name, failure, errorTag) => {
    upstream.fail('gpt-5-nano', failure);
    const { data, response } = await ask();
    expect(data.choices[0]?.message.content).toBe('Hello');
    expect(parseRoute(response.headers.get('x-switchyard-route'))).toMatchObject({ served: 'google/gemini-2.5-flash-lite', attempt: '2' });
    expect(lastRequest()).toMatchObject({ provider: 'google', model: 'gemini-2.5-flash-lite' });
    const ok = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(ok).toMatchObject({ status: 'ok', model: 'gemini-2.5-flash-lite', routing_rule_id: 'ask' });
    expect(ok.tags?.['gateway.attempt']).toBe('2');
    const failed = await waitFor(
      async () => (await sy.events()).find((e) => e.status === 'error' && e.tags?.['gateway.error'] === errorTag),
      `the failed attempt (${errorTag})`,
    );
    expect(failed).toMatchObject({ provider: 'openai', model: 'gpt-5-nano', input_tokens: 0, output_tokens: 0, routing_rule_id: 'ask' });
  });

  it('when every fallback fails the client gets the provider’s error in its API’s shape', async () => {
    upstream.fail('gpt-5-nano', { status: 503 });
    upstream.fail('gemini-2.5-flash-lite', {
      status: 500,
      body: JSON.stringify({ error: { message: 'gemini is down', type: 'server_error' } }),
    });
    await expect(ask()).rejects.toMatchObject({ status: 500, message: expect.stringContaining('gemini is down') });
    upstream.fail('claude-haiku-4-5', { status: 529 });
    await expect(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages })).rejects.toMatchObject({
      status: 529,
      error: { type: 'error', error: { type: 'api_error' } },
    });
  });

  it('a stream that already started is never retried', async () => {
    upstream.fail('gpt-5-nano', { kind: 'break_stream' });
    const sent = upstream.received.length;
    const stream = await openai.chat.completions.create(
      { model: 'auto', messages, stream: true, stream_options: { include_usage: true } },
      { headers: { 'x-switchyard-mode': 'ask' } },
    );
    await expect(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/broke off/);
    expect(upstream.received.length).toBe(sent + 1);
  });
});

describe('a client that hangs up', () => {
  it('mid-stream: the upstream call is cut and its event says cancelled', async () => {
    upstream.chunkDelayMs = 50;
    upstream.chunks = ['a', 'b', 'c', 'd', 'e', 'f'];
    const controller = new AbortController();
    const res = await fetch(`${gw.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_CLIENT_KEY, 'x-switchyard-mode': 'code' },
      body: JSON.stringify({ model: 'auto', max_tokens: 50, stream: true, messages }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const e = await storedEvent(res.headers.get('x-switchyard-event-id'));
    upstream.chunkDelayMs = 0;
    upstream.chunks = ['Hel', 'lo'];
    // message_start had arrived: its input side is the provider's own count.
    expect(e).toMatchObject({ status: 'cancelled', model: 'claude-haiku-4-5', input_tokens: 1500, cache_read_tokens: 1000 });
  });

  it('before the answer started: the gateway stops waiting on the provider, and the event says cancelled', async () => {
    upstream.fail('gpt-5-mini', { kind: 'hang' });
    const sent = upstream.received.length;
    const controller = new AbortController();
    const pending = fetch(`${gw.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_CLIENT_KEY}`, 'x-switchyard-mode': 'orchestrator' },
      body: JSON.stringify({ model: 'auto', messages }),
      signal: controller.signal,
    });
    // Hang up once the provider has the request (a hang-up before any upstream call makes no event at all).
    await waitFor(() => upstream.received.length > sent, 'the upstream call');
    controller.abort();
    await expect(pending).rejects.toThrow();
    const e = await waitFor(
      async () => (await sy.events()).find((x) => x.status === 'cancelled' && x.model === 'gpt-5-mini'),
      'the cancelled event',
    );
    // No timeout fired (400 ms here) and no fallback was tried.
    expect(e.tags?.['gateway.error']).toBeUndefined();
    expect(e.latency_ms).toBeLessThan(400);
    expect(upstream.received.at(-1)!.model).toBe('gpt-5-mini');
  });
});

describe('budgets', () => {
  it('block → 429 naming the budget; a model-scoped budget blocks only the requests routed to that model', async () => {
    sy.fake.setBudgets([
      budget({ id: 'b-debug', name: 'Debug mode, daily', action: { kind: 'block' }, scope: { mode: ['debug'] } as FakeBudget['scope'] }),
      budget({
        id: 'b-sonnet',
        name: 'Sonnet cap',
        action: { kind: 'block' },
        scope: { model: ['claude-sonnet-4-5'] } as FakeBudget['scope'],
      }),
    ]);
    await waitFor(() => gw.gateway.budgets.count === 2, 'the budget state');
    const debug = openai.chat.completions.create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'debug' } });
    await expect(debug).rejects.toMatchObject({
      status: 429,
      code: 'budget_exceeded',
      message: expect.stringContaining('Debug mode, daily'),
    });
    // plan → frontier → claude-sonnet-4-5: only the second pass (with the routed model) finds the Sonnet budget.
    const plan = openai.chat.completions.create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'plan' } });
    await expect(plan).rejects.toMatchObject({ status: 429, message: expect.stringContaining('Sonnet cap') });
    const ok = await openai.chat.completions.create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'ask' } });
    expect(ok.choices[0]?.message.content).toBe('Hello');
    const res = await fetch(`${gw.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_CLIENT_KEY, 'x-switchyard-mode': 'debug' },
      body: JSON.stringify({ model: 'auto', max_tokens: 5, messages }),
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', budgets: [{ id: 'b-debug' }, { id: 'b-sonnet' }] },
    });
  });

  it('downgrade → the named cheaper tier, said in the header and the event', async () => {
    sy.fake.setBudgets([
      budget({
        id: 'b-arch',
        name: 'Architect',
        action: { kind: 'downgrade', tier: 'economy' },
        scope: { mode: ['architect'] } as FakeBudget['scope'],
      }),
    ]);
    await waitFor(() => gw.gateway.budgets.count === 1, 'the budget state');
    const { response } = await openai.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'architect' } })
      .withResponse();
    expect(parseRoute(response.headers.get('x-switchyard-route'))).toMatchObject({
      rule: 'deep-work',
      tier: 'economy',
      served: 'openai/gpt-5-nano',
      'downgraded-by': 'b-arch',
    });
    // deep-work's reasoning effort was chosen for frontier models; the economy one is not sent it.
    expect(lastRequest()).toMatchObject({ model: 'gpt-5-nano' });
    expect(lastRequest().body.reasoning_effort).toBeUndefined();
    const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(e).toMatchObject({ routing_rule_id: 'deep-work', routing_tier: 'economy', model: 'gpt-5-nano' });
    expect(e.tags?.['gateway.downgrade']).toBe('b-arch');

    // A downgrade never upgrades: an ask request already served by an economy model stays there.
    sy.fake.setBudgets([
      budget({
        id: 'b-ask',
        name: 'Ask',
        action: { kind: 'downgrade', tier: 'balanced' },
        scope: { mode: ['ask'] } as FakeBudget['scope'],
      }),
    ]);
    await waitFor(() => gw.gateway.budgets.forRequest({ mode: 'ask' }).budgets[0]?.id === 'b-ask', 'the next budget state');
    const ask = await openai.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'ask' } })
      .withResponse();
    const route = parseRoute(ask.response.headers.get('x-switchyard-route'));
    expect(route).toMatchObject({ rule: 'ask', served: 'openai/gpt-5-nano' });
    expect(route['downgraded-by']).toBeUndefined();
    sy.fake.setBudgets([]);
    await waitFor(() => gw.gateway.budgets.count === 0, 'no budgets');
  });
});

describe('secrets', () => {
  it('a provider key echoed in an error never reaches the client, a log line or an event', async () => {
    upstream.fail('gpt-5-nano', { status: 401, echoKey: true });
    const credentials = await fetch(`${gw.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_CLIENT_KEY}`, 'x-switchyard-mode': 'ask' },
      body: JSON.stringify({ model: 'auto', messages }),
    });
    const text1 = await credentials.text();
    expect(credentials.status).toBe(502);
    upstream.fail('gpt-5-nano', { status: 503, echoKey: true });
    upstream.fail('gemini-2.5-flash-lite', { status: 500, echoKey: true });
    const echoed = await fetch(`${gw.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_CLIENT_KEY}`, 'x-switchyard-mode': 'ask' },
      body: JSON.stringify({ model: 'auto', messages }),
    });
    const text2 = await echoed.text();
    expect(text2).toContain('[redacted]');
    await waitFor(() => gw.gateway.spool.depth === 0, 'the spool to drain');
    const everything = [
      text1,
      text2,
      ...gw.logs,
      JSON.stringify(await sy.events()),
      ...fs.readdirSync(path.join(gw.dir, 'spool')).map((f) => fs.readFileSync(path.join(gw.dir, 'spool', f), 'utf8')),
    ].join('\n');
    for (const key of [...Object.values(PROVIDER_KEYS), sy.secret]) expect(everything).not.toContain(key);
    // Neither are request or response bodies stored: the prompt and the answer appear nowhere but in the answers.
    expect([...gw.logs, JSON.stringify(await sy.events())].join('\n')).not.toMatch(/Say hello|Hello/);
    // …and the gateway's client key never reaches a provider.
    expect(upstream.received.some((r) => JSON.stringify(r.headers).includes(TEST_CLIENT_KEY))).toBe(false);
  });
});

describe('Switchyard down, then back', () => {
  it('requests still routed, events spooled; once it is back each is stored exactly once, re-sends are duplicates', async () => {
    await waitFor(() => gw.gateway.spool.depth === 0, 'an empty spool');
    const storedBefore = (await sy.events()).length;
    await sy.fake.stop();
    const ids: string[] = [];
    for (const mode of ['code', 'ask', 'plan', 'debug', 'code']) {
      const { response } = await openai.chat.completions
        .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': mode } })
        .withResponse();
      expect(parseRoute(response.headers.get('x-switchyard-route')).action).toBe('rule');
      ids.push(response.headers.get('x-switchyard-event-id')!);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(gw.gateway.spool.depth).toBe(5);
    expect((await sy.events()).length).toBe(storedBefore);

    await sy.fake.start();
    await waitFor(() => gw.gateway.spool.depth === 0, 'the spool to drain', 15_000);
    const after = await sy.events();
    expect(after.length).toBe(storedBefore + 5);
    for (const id of ids) expect(after.filter((e) => e.event_id === id)).toHaveLength(1);

    // Restart from a rewound cursor with Switchyard down: the last good table from disk routes; everything is re-sent.
    const version = gw.gateway.routing()!.version;
    await gw.gateway.close(500);
    await sy.fake.stop();
    fs.writeFileSync(path.join(gw.dir, 'spool', 'cursor.json'), JSON.stringify({ segment: 1, offset: 0 }));
    gw = await startTestGateway({ switchyardUrl: sy.url, switchyardKey: sy.secret, upstreamUrl: upstream.url, dir: gw.dir, logs: gw.logs });
    openai = new OpenAI({ apiKey: TEST_CLIENT_KEY, baseURL: `${gw.gateway.url}/v1`, maxRetries: 0 });
    const ready = await fetch(`${gw.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    const resent = gw.gateway.spool.depth;
    expect(resent).toBeGreaterThanOrEqual(after.length);
    const { response } = await openai.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'code' } })
      .withResponse();
    expect(parseRoute(response.headers.get('x-switchyard-route')).version).toBe(String(version));
    await sy.fake.start();
    await waitFor(() => gw.gateway.spool.depth === 0, 'the re-sent spool to drain', 15_000);
    expect((await sy.events()).length).toBe(after.length + 1);
    expect(gw.gateway.metrics.events.get({ result: 'duplicate' })).toBe(resent);
  });
});

describe('health, readiness and metrics', () => {
  it('exposes Prometheus series for requests, fallbacks, spool depth and the routing version', async () => {
    expect((await fetch(`${gw.gateway.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${gw.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_gateway_requests_total\{api="chat",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/switchyard_gateway_spool_depth \d+/);
    expect(metrics).toMatch(new RegExp(`switchyard_gateway_routing_version ${gw.gateway.routing()!.version}`));
    expect(metrics).toContain('# TYPE switchyard_gateway_fallbacks_total counter');
    const models = await (await fetch(`${gw.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_CLIENT_KEY}` } })).json();
    expect(models.data.map((m: { id: string }) => m.id)).toEqual([
      'auto',
      'switchyard/frontier',
      'switchyard/balanced',
      'switchyard/economy',
    ]);
  });
});
