/**
 * The reference gateway end to end: the official openai and @anthropic-ai/sdk clients → the gateway → a mock
 * provider; the gateway pulls its routing table and budget state from a real Switchyard (the app's route handlers
 * on a test database, tests/gateway/support/switchyard.ts) and reports to its ingestion endpoint. Versions are
 * published and budgets made through the real services; the assertions read what Switchyard stored and priced.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { PROVIDER_KEYS, TEST_CLIENT_KEY, TEST_DOCUMENT } from '@/gateway/test-support/env';
import { type MockUpstream, startMockUpstream } from '@/gateway/test-support/mock-upstream';
import { catalogPriceTable, findCatalogModel } from '@/lib/pricing/catalog';
import { computeCost } from '@/lib/pricing/cost';
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
let v1: number;
const messages = [{ role: 'user' as const, content: 'Say hello.' }];

beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  sy = await startSwitchyard(t);
  v1 = await sy.publish(TEST_DOCUMENT, 'the test table');
  upstream = await startMockUpstream();
  gw = await startTestGateway({
    switchyardUrl: sy.url,
    switchyardKey: sy.secret,
    upstreamUrl: upstream.url,
    extra: { GATEWAY_FIRST_BYTE_TIMEOUT_MS: '400' },
  });
  await waitFor(() => gw.gateway.routing()?.version === v1 && gw.gateway.budgets.loaded, 'the routing document and budget state');
  openai = new OpenAI({ apiKey: TEST_CLIENT_KEY, baseURL: `${gw.gateway.url}/v1`, maxRetries: 0, timeout: 10_000 });
  anthropic = new Anthropic({ apiKey: TEST_CLIENT_KEY, baseURL: gw.gateway.url, maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await gw?.gateway.close(500);
  await upstream?.close();
  await sy?.close();
  await t?.destroy();
});

async function storedEvent(id: string | null): Promise<StoredEvent> {
  expect(id).toMatch(/^gw-/);
  try {
    return await waitFor(async () => (await sy.events()).find((e) => e.event_id === id), `event ${id}`, 10_000);
  } catch (err) {
    console.error(gw.logs.filter((l) => !l.includes('"level":"debug"')).join('\n'), sy.requests.slice(-20), sy.inFlight());
    throw err;
  }
}
const lastRequest = () => upstream.received.at(-1)!;
/** What the model catalog says the stored usage costs (µ$), at the event's time. */
function catalogCost(e: StoredEvent): number {
  const found = findCatalogModel(e.provider, e.model);
  const table = found && catalogPriceTable(found, new Date(e.occurred_at));
  if (!table) throw new Error(`${e.provider}/${e.model} is not in the catalog`);
  const usage = {
    inputTokens: e.input_tokens,
    cacheReadTokens: e.cache_read_tokens,
    cacheWrite5mTokens: e.cache_write_5m_tokens,
    cacheWrite1hTokens: e.cache_write_1h_tokens,
    outputTokens: e.output_tokens,
    reasoningTokens: e.reasoning_tokens,
  };
  return computeCost(usage, table).totalMicros;
}

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
      version: String(v1),
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
      routing_version: v1,
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
    // Priced as the catalog says: 500 uncached × $3 + 1,000 cache reads × $0.30 + 50 out × $15 per MTok.
    expect(e.cost_micros).toBe(2550);
    expect(e.cost_micros).toBe(catalogCost(e));
    expect(e.ttft_ms).not.toBeNull();
  });

  it('a stream is passed through as it arrives: each chunk reaches the client when the provider sends it', async () => {
    upstream.chunkDelayMs = 120;
    upstream.chunks = ['a', 'b', 'c', 'd'];
    try {
      const started = Date.now();
      const { data: stream, response } = await openai.chat.completions
        .create({ model: 'auto', messages, stream: true }, { headers: { 'x-switchyard-mode': 'ask' } })
        .withResponse();
      const arrivals: number[] = [];
      for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) arrivals.push(Date.now() - started);
      expect(arrivals).toHaveLength(4);
      // Buffered, they would arrive together at the end; passed through, ~120 ms apart.
      for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(60);
      const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
      expect(e.ttft_ms).not.toBeNull();
      expect(e.latency_ms! - e.ttft_ms!).toBeGreaterThanOrEqual(300);
    } finally {
      upstream.chunkDelayMs = 0;
      upstream.chunks = ['Hel', 'lo'];
    }
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
    // 200 uncached × $1 + 1,000 reads × $0.10 + 200 5-min writes × $1.25 + 100 1-hour writes × $2 + 50 out × $5 per MTok.
    expect(e.cost_micros).toBe(1000);
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
    expect(e1).toMatchObject({
      requested_model: 'switchyard/economy',
      routing_rule_id: null,
      routing_tier: 'economy',
      routing_version: v1,
    });
    expect(e1.cost_micros).toBe(catalogCost(e1));

    const named = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-switchyard-mode': 'plan' } })
      .withResponse();
    expect(parseRoute(named.response.headers.get('x-switchyard-route'))).toMatchObject({
      action: 'pass_through',
      served: 'openai/gpt-4o-mini',
    });
    const e2 = await storedEvent(named.response.headers.get('x-switchyard-event-id'));
    expect(e2).toMatchObject({ model: 'gpt-4o-mini', requested_model: 'gpt-4o-mini', routing_rule_id: null, routing_version: null });
    expect(e2.cost_micros).toBe(catalogCost(e2));
    expect(e2.cost_micros).toBeGreaterThan(0);

    const claude = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages }).withResponse();
    expect(claude.data.usage.cache_read_input_tokens).toBe(1000);
    const e3 = await storedEvent(claude.response.headers.get('x-switchyard-event-id'));
    expect(e3).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', cache_write_1h_tokens: 100, output_tokens: 50 });
    expect(e3.cost_micros).toBe(1000);
  });

  it('a publish is followed within a second (long-poll), and Switchyard records the version the gateway runs', async () => {
    // The gateway is waiting on its long-poll (its last pull answered, the next one held by Switchyard).
    await waitFor(() => sy.requests.filter((r) => r.path === '/api/v1/routing' && r.status === 200).length >= 1, 'the first routing pull');
    await new Promise((r) => setTimeout(r, 300));
    const next = { ...TEST_DOCUMENT, rules: TEST_DOCUMENT.rules.map((r) => (r.id === 'code' ? { ...r, route: { tier: 'economy' } } : r)) };
    const publishing = Date.now();
    const version = await sy.publish(next, 'code → economy');
    const committed = Date.now();
    expect(version).toBe(v1 + 1);
    const header = await waitFor(async () => {
      const r = await openai.chat.completions
        .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'code' } })
        .withResponse();
      const route = parseRoute(r.response.headers.get('x-switchyard-route'));
      return route.version === String(version) ? route : null;
    }, 'the new version');
    const followedIn = Date.now() - committed;
    console.log(`publish → first request routed by it: ${followedIn} ms after the commit (${Date.now() - publishing} ms after the call)`);
    expect(followedIn).toBeLessThan(1_000);
    expect(header).toMatchObject({ rule: 'code', tier: 'economy', served: 'openai/gpt-5-nano' });
    await waitFor(async () => (await sy.runningVersion('gw-test')) === version, 'x-switchyard-gateway-version recorded');
    // The document without the budget rule, so the budget actions below are the budgets' own.
    const v = await sy.publish({ ...TEST_DOCUMENT, rules: TEST_DOCUMENT.rules.filter((r) => r.id !== 'over-budget') });
    await waitFor(() => gw.gateway.routing()!.version === v, 'the next version');
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

describe('budgets (made through the budget services, their state computed by Switchyard from the stored spend)', () => {
  /** One request in `mode`, its event stored and priced: spend the budget then created counts at once. */
  const spend = async (mode: string) => {
    const { response } = await openai.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': mode } })
      .withResponse();
    const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(e.cost_micros).toBeGreaterThan(0);
    return e;
  };
  const made: string[] = [];
  const exceeded = async (name: string, scope: Record<string, string[]>, action: Record<string, string>) => {
    const b = await sy.createBudget({ name, period: { kind: 'day' }, amount: '0.000001', scope, action });
    made.push(b.id);
    return b;
  };
  afterEach(async () => {
    for (const id of made.splice(0)) await sy.deleteBudget(id);
    await waitFor(() => gw.gateway.budgets.count === 0, 'no budgets');
  });

  it('block → 429 naming the budget; a model-scoped budget blocks only the requests routed to that model', async () => {
    await spend('debug'); // deep-work → claude-sonnet-4-5: spend on both budgets below
    const debugBudget = await exceeded('Debug mode, daily', { mode: ['debug'] }, { kind: 'block' });
    const sonnet = await exceeded('Sonnet cap', { model: ['claude-sonnet-4-5'] }, { kind: 'block' });
    expect([debugBudget.current?.state, sonnet.current?.state]).toEqual(['exceeded', 'exceeded']);
    await waitFor(() => gw.gateway.budgets.count === 2, 'the budget state');
    const blockedBefore = (await sy.events()).length;
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
    const body = await res.json();
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(body.error.budgets.map((b: { id: string }) => b.id).sort()).toEqual([debugBudget.id, sonnet.id].sort());
    // A blocked request reaches no provider and costs nothing: only the ask request was stored.
    await waitFor(() => gw.gateway.spool.depth === 0, 'the spool to drain');
    expect((await sy.events()).length).toBe(blockedBefore + 1);
  });

  it('downgrade → the named cheaper tier, said in the header and the event', async () => {
    await spend('architect');
    const arch = await exceeded('Architect', { mode: ['architect'] }, { kind: 'downgrade', tier: 'economy' });
    await waitFor(() => gw.gateway.budgets.count === 1, 'the budget state');
    const { response } = await openai.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'architect' } })
      .withResponse();
    expect(parseRoute(response.headers.get('x-switchyard-route'))).toMatchObject({
      rule: 'deep-work',
      tier: 'economy',
      served: 'openai/gpt-5-nano',
      'downgraded-by': arch.id,
    });
    // deep-work's reasoning effort was chosen for frontier models; the economy one is not sent it.
    expect(lastRequest()).toMatchObject({ model: 'gpt-5-nano' });
    expect(lastRequest().body.reasoning_effort).toBeUndefined();
    const e = await storedEvent(response.headers.get('x-switchyard-event-id'));
    expect(e).toMatchObject({ mode: 'architect', routing_rule_id: 'deep-work', routing_tier: 'economy', model: 'gpt-5-nano' });
    expect(e.tags?.['gateway.downgrade']).toBe(arch.id);
    expect(e.cost_micros).toBe(catalogCost(e));
    await sy.deleteBudget(made.shift()!);
    await waitFor(() => gw.gateway.budgets.count === 0, 'no budgets');

    // A downgrade never upgrades: an ask request already served by an economy model stays there.
    await spend('ask');
    const askBudget = await exceeded('Ask', { mode: ['ask'] }, { kind: 'downgrade', tier: 'balanced' });
    await waitFor(() => gw.gateway.budgets.forRequest({ mode: 'ask' }).budgets[0]?.id === askBudget.id, 'the next budget state');
    const ask = await openai.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-switchyard-mode': 'ask' } })
      .withResponse();
    const route = parseRoute(ask.response.headers.get('x-switchyard-route'));
    expect(route).toMatchObject({ rule: 'ask', served: 'openai/gpt-5-nano' });
    expect(route['downgraded-by']).toBeUndefined();
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
    await sy.stop();
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

    await sy.start();
    await waitFor(() => gw.gateway.spool.depth === 0, 'the spool to drain', 15_000);
    const after = await sy.events();
    expect(after.length).toBe(storedBefore + 5);
    const modes = ['code', 'ask', 'plan', 'debug', 'code'];
    ids.forEach((id, i) => {
      const rows = after.filter((e) => e.event_id === id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        mode: modes[i],
        status: 'ok',
        requested_model: 'auto',
        routing_version: gw.gateway.routing()!.version,
      });
      expect(rows[0]!.cost_micros).toBe(catalogCost(rows[0]!));
    });

    // Restart from a rewound cursor with Switchyard down: the last good table from disk routes; everything is re-sent.
    const version = gw.gateway.routing()!.version;
    await gw.gateway.close(500);
    await sy.stop();
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
    await sy.start();
    await waitFor(() => gw.gateway.spool.depth === 0, 'the re-sent spool to drain', 15_000);
    expect((await sy.events()).length).toBe(after.length + 1);
    expect(gw.gateway.metrics.events.get({ result: 'duplicate' })).toBe(resent);
  });
});

describe('health, readiness and metrics', () => {
  it('not ready (503) while it has no routing document: Switchyard unreachable and nothing on disk; requests refused', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const lonely = await startTestGateway({
      switchyardUrl: `http://127.0.0.1:${port}`,
      switchyardKey: sy.secret,
      upstreamUrl: upstream.url,
    });
    try {
      expect((await fetch(`${lonely.gateway.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${lonely.gateway.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, missing: expect.arrayContaining(['routing document', 'budget state']) });
      const sent = upstream.received.length;
      const res = await fetch(`${lonely.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_CLIENT_KEY}` },
        body: JSON.stringify({ model: 'auto', messages }),
      });
      expect(res.status).toBe(503);
      expect(upstream.received.length).toBe(sent);
    } finally {
      await lonely.gateway.close(200);
    }
  });

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
