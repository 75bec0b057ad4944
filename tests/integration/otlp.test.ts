import { context, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { spansToEvents } from '@/lib/otlp/map-spans';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { as, makeProject, makeUser } from '../helpers/fixtures';
import { serveRoute } from '../helpers/route-server';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let server: Awaited<ReturnType<typeof serveRoute>>;
let projectId: string;
let secret: string;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  const admin = await makeUser(t, 'admin');
  projectId = (await makeProject(t)).id;
  secret = (await createApiKey(as(t, admin), { projectId, name: 'otel', scopes: ['ingest'] })).secret;
  const { POST } = await import('@/app/api/v1/otlp/v1/traces/route');
  server = await serveRoute((req) => POST(req));
});
afterAll(async () => {
  await server?.close();
  await t?.destroy();
});

/** Records spans with the SDK, as an instrumented app would; returns them finished. */
function recordSpans(build: (tracer: ReturnType<BasicTracerProvider['getTracer']>) => void): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': 'checkout-agent', 'deployment.environment': 'prod' }),
  });
  provider.addSpanProcessor(new SimpleSpanProcessor(memory));
  build(provider.getTracer('test'));
  return memory.getFinishedSpans();
}

function exportWith(exporter: JsonExporter | ProtoExporter, spans: ReadableSpan[]): Promise<number> {
  return new Promise((resolve) => exporter.export(spans, (result) => resolve(result.code)));
}

async function storedEvents() {
  const r =
    await t.db.execute(sql`select event_id, mode, task, user_id, session_id, provider, model, input_tokens::int, cache_read_tokens::int,
    cache_write_5m_tokens::int, output_tokens::int, reasoning_tokens::int, cost_micros::int, status, tags
    from usage_events where project_id = ${projectId} order by event_id`);
  return rowsOf<Record<string, unknown>>(r);
}

const now = () => Date.now();
const child = (
  tracer: ReturnType<BasicTracerProvider['getTracer']>,
  parent: ReturnType<ReturnType<BasicTracerProvider['getTracer']>['startSpan']>,
  name: string,
  attributes: Attributes,
) => tracer.startSpan(name, { attributes, startTime: now() - 2000 }, trace.setSpan(context.active(), parent));

describe('OTLP/HTTP traces from the standard OpenTelemetry exporters', () => {
  it('JSON exporter: a GenAI semantic-convention span becomes one priced event with mode, task, user and session', async () => {
    const spans = recordSpans((tracer) => {
      const s = tracer.startSpan('chat claude-sonnet-4-5', {
        startTime: now() - 3000,
        attributes: {
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.request.model': 'claude-sonnet-4-5',
          'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
          // Anthropic-style: input without cache; cache read + write are added to it.
          'gen_ai.usage.input_tokens': 2_000,
          'gen_ai.usage.cache_read.input_tokens': 8_000,
          'gen_ai.usage.cache_creation.input_tokens': 0,
          'gen_ai.usage.output_tokens': 1_000,
          'gen_ai.conversation.id': 'conv-42',
          'switchyard.mode': 'Code',
          'switchyard.task': 'refactor',
          'user.id': 'ana',
        },
      });
      s.end();
      tracer.startSpan('GET /health').end(); // no usage: ignored
    });
    const exporter = new JsonExporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { Authorization: `Bearer ${secret}` } });
    expect(await exportWith(exporter, spans)).toBe(0);
    const [event] = (await storedEvents()).filter((e) => e.session_id === 'conv-42');
    // 2,000×3 + 8,000×0.30 + 1,000×15 = 23,400 µ$ (Sonnet 4.5).
    expect(event).toMatchObject({
      mode: 'code',
      task: 'refactor',
      user_id: 'ana',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      input_tokens: 10_000,
      cache_read_tokens: 8_000,
      output_tokens: 1_000,
      cost_micros: 23_400,
      status: 'ok',
    });
    expect(event!.tags).toEqual({ service: 'checkout-agent', env: 'prod' });
  });

  it('protobuf exporter: Vercel AI SDK spans count once (the aggregate span and its call span carry the same usage)', async () => {
    const spans = recordSpans((tracer) => {
      const usage = { 'ai.usage.promptTokens': 1_200, 'ai.usage.completionTokens': 300 };
      const meta = {
        'ai.telemetry.metadata.mode': 'ask',
        'ai.telemetry.metadata.task': 'explain',
        'ai.telemetry.metadata.userId': 'bo',
        'ai.telemetry.metadata.sessionId': 'sess-vercel',
      };
      const parent = tracer.startSpan('ai.generateText', {
        startTime: now() - 3000,
        attributes: {
          'ai.operationId': 'ai.generateText',
          'ai.model.id': 'gpt-5-mini',
          'ai.model.provider': 'openai.chat',
          ...usage,
          ...meta,
        },
      });
      child(tracer, parent, 'ai.generateText.doGenerate', {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'gpt-5-mini',
        'ai.model.provider': 'openai.chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-5-mini',
        'gen_ai.usage.prompt_tokens': 1_200,
        'gen_ai.usage.completion_tokens': 300,
        ...meta,
      }).end();
      parent.end();
    });
    expect(spans).toHaveLength(2);
    const exporter = new ProtoExporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { Authorization: `Bearer ${secret}` } });
    expect(await exportWith(exporter, spans)).toBe(0);
    const events = (await storedEvents()).filter((e) => e.session_id === 'sess-vercel');
    // 1,200×0.25 + 300×2 = 900 µ$ (GPT-5 mini).
    expect(events).toEqual([
      expect.objectContaining({
        mode: 'ask',
        task: 'explain',
        user_id: 'bo',
        provider: 'openai',
        model: 'gpt-5-mini',
        input_tokens: 1_200,
        output_tokens: 300,
        cost_micros: 900,
      }),
    ]);

    // Exporting the same spans again (a retry) stores nothing new.
    expect(await exportWith(exporter, spans)).toBe(0);
    expect((await storedEvents()).filter((e) => e.session_id === 'sess-vercel')).toHaveLength(1);
  });

  it('refuses a body that is not OTLP, and a request without a key', async () => {
    const bad = await fetch(`${server.url}/api/v1/otlp/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/x-protobuf' },
      body: Buffer.from([0xff, 0xff, 0xff]),
    });
    expect([bad.status, (await bad.json()).error.code]).toEqual([400, 'bad_request:api']);
    const anonymous = await fetch(`${server.url}/api/v1/otlp/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('span mapping rules', () => {
  const base = {
    traceId: 't1',
    parentSpanId: '',
    name: 'chat',
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_001_500_000_000n,
    resource: {},
    statusCode: 0,
  };

  it('reads deprecated attribute names and marks error spans', () => {
    const { events } = spansToEvents([
      {
        ...base,
        spanId: 's1',
        statusCode: 2,
        attributes: {
          'gen_ai.system': 'gcp.gemini',
          'gen_ai.request.model': 'gemini-2.5-flash',
          'gen_ai.usage.prompt_tokens': 10,
          'gen_ai.usage.completion_tokens': 0,
        },
      },
    ]);
    expect(events).toEqual([
      expect.objectContaining({
        provider: 'google',
        model: 'gemini-2.5-flash',
        status: 'error',
        latency_ms: 1500,
        usage: expect.objectContaining({ input_tokens: 10, output_tokens: 0 }),
      }),
    ]);
  });

  it('keeps input as the total when it already includes cache tokens (OpenAI style)', () => {
    const { events } = spansToEvents([
      {
        ...base,
        spanId: 's2',
        attributes: {
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-5',
          'gen_ai.usage.input_tokens': 10_000,
          'gen_ai.usage.cache_read.input_tokens': 8_192,
          'gen_ai.usage.output_tokens': 5,
          'gen_ai.usage.reasoning.output_tokens': 3,
        },
      },
    ]);
    expect(events[0]!.usage).toEqual({
      input_tokens: 10_000,
      cache_read_tokens: 8_192,
      cache_write_5m_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 5,
      reasoning_tokens: 3,
    });
  });

  it('drops a wrapper span whose child in the same export carries the same usage, and counts spans with usage but no model', () => {
    const usage = {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-5',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 5,
    };
    const result = spansToEvents([
      { ...base, spanId: 'parent', attributes: usage },
      { ...base, spanId: 'child', parentSpanId: 'parent', attributes: usage },
      { ...base, spanId: 'nomodel', attributes: { 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1 } },
    ]);
    expect(result.events.map((e) => e.event_id)).toEqual(['otel:t1:child']);
    expect(result.unusable).toBe(1);
  });
  describe('Vercel AI SDK call spans and their aggregate', () => {
    const model = { 'ai.model.provider': 'anthropic.messages', 'ai.model.id': 'claude-sonnet-4-5' };
    const call = (spanId: string, parentSpanId: string, attributes: Record<string, number | string>) => ({
      ...base,
      spanId,
      parentSpanId,
      name: 'ai.streamText.doStream',
      attributes: { 'ai.operationId': 'ai.streamText.doStream', ...model, ...attributes },
    });
    const aggregate = (attributes: Record<string, number>) => ({
      ...base,
      spanId: 'agg',
      name: 'ai.streamText',
      attributes: { 'ai.operationId': 'ai.streamText', ...model, ...attributes },
    });
    const usages = (spans: Parameters<typeof spansToEvents>[0]) =>
      spansToEvents(spans).events.map((e) => [e.event_id, e.usage as Record<string, number>]);

    it('applies the aggregate’s cache and reasoning counts to its only call when both report the same tokens', () => {
      const totals = { 'ai.usage.inputTokens': 12_000, 'ai.usage.outputTokens': 800 };
      expect(
        usages([
          call('c1', 'agg', totals),
          aggregate({ ...totals, 'ai.usage.cachedInputTokens': 10_000, 'ai.usage.reasoningTokens': 300 }),
        ]),
      ).toEqual([
        [
          'otel:t1:c1',
          {
            input_tokens: 12_000,
            cache_read_tokens: 10_000,
            cache_write_5m_tokens: 0,
            cache_write_1h_tokens: 0,
            output_tokens: 800,
            reasoning_tokens: 300,
          },
        ],
      ]);
    });

    it('never spreads an aggregate’s totals over several calls, nor takes them when the tokens differ', () => {
      const step = { 'ai.usage.inputTokens': 6_000, 'ai.usage.outputTokens': 400 };
      const totals = { 'ai.usage.inputTokens': 12_000, 'ai.usage.outputTokens': 800, 'ai.usage.cachedInputTokens': 10_000 };
      const plain = { input_tokens: 6_000, cache_read_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0, output_tokens: 400 };
      expect(usages([call('c1', 'agg', step), call('c2', 'agg', step), aggregate(totals)])).toEqual([
        ['otel:t1:c1', { ...plain, reasoning_tokens: 0 }],
        ['otel:t1:c2', { ...plain, reasoning_tokens: 0 }],
      ]);
      // Only the last of two calls in this export: the aggregate's sum is not this call's.
      expect(usages([call('c2', 'agg', step), aggregate(totals)])).toEqual([['otel:t1:c2', { ...plain, reasoning_tokens: 0 }]]);
    });

    it('adds cache tokens to input whenever the Anthropic provider reported them (its input excludes the cache)', () => {
      const providerMetadata = JSON.stringify({
        anthropic: {
          usage: { input_tokens: 5_000, cache_read_input_tokens: 3_000, cache_creation_input_tokens: 1_000 },
          cacheCreationInputTokens: 1_000,
        },
      });
      expect(
        usages([
          call('c1', '', {
            'ai.usage.inputTokens': 5_000,
            'ai.usage.outputTokens': 10,
            'ai.usage.cachedInputTokens': 3_000,
            'ai.response.providerMetadata': providerMetadata,
          }),
        ]),
      ).toEqual([
        [
          'otel:t1:c1',
          {
            input_tokens: 9_000,
            cache_read_tokens: 3_000,
            cache_write_5m_tokens: 1_000,
            cache_write_1h_tokens: 0,
            output_tokens: 10,
            reasoning_tokens: 0,
          },
        ],
      ]);
    });

    it('reads OpenAI’s cachedPromptTokens and reasoningTokens (provider 1.x), and ignores metadata that is not JSON', () => {
      const openai = {
        'ai.model.provider': 'openai.chat',
        'ai.model.id': 'gpt-5',
        'ai.usage.promptTokens': 10_000,
        'ai.usage.completionTokens': 50,
      };
      const [withMeta, broken] = usages([
        call('c1', '', { ...openai, 'ai.response.providerMetadata': '{"openai":{"cachedPromptTokens":8192,"reasoningTokens":30}}' }),
        call('c2', '', { ...openai, 'ai.response.providerMetadata': '{not json' }),
      ]).map(([, usage]) => usage);
      expect(withMeta).toMatchObject({ input_tokens: 10_000, cache_read_tokens: 8_192, output_tokens: 50, reasoning_tokens: 30 });
      expect(broken).toMatchObject({ input_tokens: 10_000, cache_read_tokens: 0, output_tokens: 50, reasoning_tokens: 0 });
    });
  });
});
