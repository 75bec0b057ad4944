/**
 * The real Vercel AI SDK (ai 5) with its mock model, traced by the real OpenTelemetry SDK and exported by the
 * standard OTLP exporters (JSON and protobuf) to the endpoint served over HTTP: every model call is one event,
 * priced to the micro-dollar with its cache and reasoning tokens, and no aggregate span is counted.
 * The mock returns what the real providers return (@ai-sdk/anthropic 2, @ai-sdk/openai 2, @ai-sdk/google 2).
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { generateText, stepCountIs, streamText, type TelemetrySettings, tool } from 'ai';
import { MockLanguageModelV2, simulateReadableStream } from 'ai/test';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { rowsOf } from '@/db/rows';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';
import { serveRoute } from '../helpers/route-server';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

type GenerateResult = Awaited<ReturnType<MockLanguageModelV2['doGenerate']>>;
type StreamPart = Awaited<ReturnType<MockLanguageModelV2['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;
type Usage = GenerateResult['usage'];
type ProviderMetadata = GenerateResult['providerMetadata'];

let t: TestDatabase;
let server: Awaited<ReturnType<typeof serveRoute>>;
let projectId: string;
let secret: string;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  const admin = await makeUser(t, 'admin');
  projectId = (await makeProject(t)).id;
  secret = (await createApiKey(as(t, admin), { projectId, name: 'ai-sdk', scopes: ['ingest'] })).secret;
  const { POST } = await import('@/app/api/v1/otlp/v1/traces/route');
  server = await serveRoute((req) => POST(req));
  // As in an instrumented Node app (NodeSDK, @vercel/otel): spans of one call share a trace and have parents.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(async () => {
  context.disable();
  await server?.close();
  await t?.destroy();
});

/** Anthropic's own usage object, as @ai-sdk/anthropic 2 passes it on (its inputTokens exclude the cache). */
function anthropic(u: { input: number; read: number; write5m: number; write1h: number; output: number }) {
  const write = u.write5m + u.write1h;
  const usage: Usage = { inputTokens: u.input, outputTokens: u.output, totalTokens: u.input + u.output, cachedInputTokens: u.read };
  const providerMetadata: ProviderMetadata = {
    anthropic: {
      usage: {
        input_tokens: u.input,
        output_tokens: u.output,
        cache_read_input_tokens: u.read,
        cache_creation_input_tokens: write,
        cache_creation: { ephemeral_5m_input_tokens: u.write5m, ephemeral_1h_input_tokens: u.write1h },
      },
      cacheCreationInputTokens: write,
      stopSequence: null,
    },
  };
  return { usage, providerMetadata };
}

const text = (s: string): GenerateResult['content'] => [{ type: 'text', text: s }];
const weatherCall: GenerateResult['content'] = [{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' }];
const weather = tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => ({ city, tempC: 21 }) });

function stream(parts: { toolCall?: boolean; usage: Usage; providerMetadata?: ProviderMetadata }) {
  const body: StreamPart[] = parts.toolCall
    ? [{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' }]
    : [
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'It is 21°C.' },
        { type: 'text-end', id: 't' },
      ];
  const chunks: StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    ...body,
    {
      type: 'finish',
      finishReason: parts.toolCall ? 'tool-calls' : 'stop',
      usage: parts.usage,
      ...(parts.providerMetadata ? { providerMetadata: parts.providerMetadata } : {}),
    },
  ];
  return { stream: simulateReadableStream({ chunks }) };
}

/** Runs one AI SDK call traced through `processor` into the endpoint; returns the spans and each export's result code. */
async function traced(
  { encoding, processor }: { encoding: 'json' | 'protobuf'; processor: 'batch' | 'simple' },
  session: string,
  call: (telemetry: TelemetrySettings) => Promise<unknown>,
) {
  const options = { url: `${server.url}/api/v1/otlp/v1/traces`, headers: { Authorization: `Bearer ${secret}` } };
  const otlp = encoding === 'json' ? new JsonExporter(options) : new ProtoExporter(options);
  const codes: number[] = [];
  const recording: SpanExporter = {
    export: (spans, done) =>
      otlp.export(spans, (result) => {
        codes.push(result.code);
        done(result);
      }),
    shutdown: () => otlp.shutdown(),
  };
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': 'support-agent' }),
    spanProcessors: [
      processor === 'batch' ? new BatchSpanProcessor(recording) : new SimpleSpanProcessor(recording),
      new SimpleSpanProcessor(memory),
    ],
  });
  await call({ isEnabled: true, tracer: provider.getTracer('app'), metadata: { mode: 'code', task: 'refactor', sessionId: session } });
  await provider.forceFlush();
  const spans: ReadableSpan[] = memory.getFinishedSpans();
  await provider.shutdown();
  return { spans, codes };
}

async function storedEvents(session: string) {
  const rows = rowsOf<Record<string, unknown>>(
    await t.db.execute(sql`select provider, model, mode, input_tokens::int as input, cache_read_tokens::int as read,
      cache_write_5m_tokens::int as write5m, cache_write_1h_tokens::int as write1h, output_tokens::int as output,
      reasoning_tokens::int as reasoning, cost_micros::int as cost
      from usage_events where project_id = ${projectId} and session_id = ${session}`),
  );
  return rows.sort((a, b) => Number(b.cost) - Number(a.cost));
}

const names = (spans: ReadableSpan[]) => spans.map((s) => s.name).sort();

describe('Vercel AI SDK calls through the OpenTelemetry exporters', () => {
  it('generateText, one step, Anthropic (JSON): cache reads come from the provider metadata', async () => {
    const model = new MockLanguageModelV2({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-4-5',
      doGenerate: {
        content: text('Done.'),
        finishReason: 'stop',
        warnings: [],
        ...anthropic({ input: 2_000, read: 10_000, write5m: 0, write1h: 0, output: 800 }),
      },
    });
    const { spans, codes } = await traced({ encoding: 'json', processor: 'batch' }, 'gen-1', (telemetry) =>
      generateText({ model, prompt: 'Refactor this.', experimental_telemetry: telemetry }),
    );
    expect(names(spans)).toEqual(['ai.generateText', 'ai.generateText.doGenerate']);
    // ai 5's generateText records only input and output tokens: the provider's metadata is the one source of the cache.
    expect(spans.some((s) => 'ai.usage.cachedInputTokens' in s.attributes)).toBe(false);
    expect(codes).toEqual([0]);
    // 2,000×$3 + 10,000×$0.30 + 800×$15 per MTok = 21,000 µ$ ($0.021), not 12,000×$3 + 800×$15 = $0.048.
    expect(await storedEvents('gen-1')).toEqual([
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        mode: 'code',
        input: 12_000,
        read: 10_000,
        write5m: 0,
        write1h: 0,
        output: 800,
        reasoning: 0,
        cost: 21_000,
      },
    ]);
  });

  it('streamText, one step (protobuf): the call span’s cached and reasoning tokens, the aggregate not counted', async () => {
    // The mock as the issue ran it: input 12,000 including 10,000 cached, reasoning inside output, no provider metadata.
    const model = new MockLanguageModelV2({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-4-5',
      doStream: stream({
        usage: { inputTokens: 12_000, outputTokens: 800, totalTokens: 12_800, cachedInputTokens: 10_000, reasoningTokens: 300 },
      }),
    });
    const { spans, codes } = await traced({ encoding: 'protobuf', processor: 'batch' }, 'stream-1', async (telemetry) => {
      await streamText({ model, prompt: 'Refactor this.', experimental_telemetry: telemetry }).consumeStream();
    });
    expect(names(spans)).toEqual(['ai.streamText', 'ai.streamText.doStream']);
    expect(codes).toEqual([0]);
    expect(await storedEvents('stream-1')).toEqual([
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        mode: 'code',
        input: 12_000,
        read: 10_000,
        write5m: 0,
        write1h: 0,
        output: 800,
        reasoning: 300,
        cost: 21_000,
      },
    ]);
  });

  it('generateText, two steps, Anthropic (protobuf, an export per span): per step cache reads and 5-minute/1-hour writes', async () => {
    const model = new MockLanguageModelV2({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-4-5',
      doGenerate: [
        {
          content: weatherCall,
          finishReason: 'tool-calls',
          warnings: [],
          ...anthropic({ input: 3_000, read: 0, write5m: 15_000, write1h: 5_000, output: 200 }),
        },
        {
          content: text('It is 21°C.'),
          finishReason: 'stop',
          warnings: [],
          ...anthropic({ input: 500, read: 20_000, write5m: 0, write1h: 0, output: 400 }),
        },
      ],
    });
    const { spans, codes } = await traced({ encoding: 'protobuf', processor: 'simple' }, 'gen-2', (telemetry) =>
      generateText({ model, prompt: 'Weather in Paris?', tools: { weather }, stopWhen: stepCountIs(5), experimental_telemetry: telemetry }),
    );
    expect(names(spans)).toEqual(['ai.generateText', 'ai.generateText.doGenerate', 'ai.generateText.doGenerate', 'ai.toolCall']);
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(await storedEvents('gen-2')).toEqual([
      // 3,000×$3 + 15,000×$3.75 + 5,000×$6 + 200×$15 = 98,250 µ$.
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        mode: 'code',
        input: 23_000,
        read: 0,
        write5m: 15_000,
        write1h: 5_000,
        output: 200,
        reasoning: 0,
        cost: 98_250,
      },
      // 500×$3 + 20,000×$0.30 + 400×$15 = 13,500 µ$.
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        mode: 'code',
        input: 20_500,
        read: 20_000,
        write5m: 0,
        write1h: 0,
        output: 400,
        reasoning: 0,
        cost: 13_500,
      },
    ]);
  });

  it('streamText, two steps, OpenAI (JSON): one event per step, the summed aggregate not counted', async () => {
    const model = new MockLanguageModelV2({
      provider: 'openai.responses',
      modelId: 'gpt-5',
      doStream: [
        stream({
          toolCall: true,
          usage: { inputTokens: 12_000, outputTokens: 800, totalTokens: 12_800, cachedInputTokens: 10_000, reasoningTokens: 500 },
          providerMetadata: { openai: { responseId: 'resp_1', serviceTier: 'default' } },
        }),
        stream({
          usage: { inputTokens: 13_000, outputTokens: 300, totalTokens: 13_300, cachedInputTokens: 12_000, reasoningTokens: 100 },
          providerMetadata: { openai: { responseId: 'resp_2', serviceTier: 'default' } },
        }),
      ],
    });
    const { spans, codes } = await traced({ encoding: 'json', processor: 'batch' }, 'stream-2', async (telemetry) => {
      const result = streamText({
        model,
        prompt: 'Weather in Paris?',
        tools: { weather },
        stopWhen: stepCountIs(5),
        experimental_telemetry: telemetry,
      });
      await result.consumeStream();
    });
    const aggregate = spans.find((s) => s.name === 'ai.streamText')!;
    expect([aggregate.attributes['ai.usage.inputTokens'], aggregate.attributes['ai.usage.cachedInputTokens']]).toEqual([25_000, 22_000]);
    expect(codes.every((c) => c === 0)).toBe(true);
    expect(await storedEvents('stream-2')).toEqual([
      // 2,000×$1.25 + 10,000×$0.125 + 800×$10 = 11,750 µ$ (reasoning is part of output, billed once).
      {
        provider: 'openai',
        model: 'gpt-5',
        mode: 'code',
        input: 12_000,
        read: 10_000,
        write5m: 0,
        write1h: 0,
        output: 800,
        reasoning: 500,
        cost: 11_750,
      },
      // 1,000×$1.25 + 12,000×$0.125 + 300×$10 = 5,750 µ$.
      {
        provider: 'openai',
        model: 'gpt-5',
        mode: 'code',
        input: 13_000,
        read: 12_000,
        write5m: 0,
        write1h: 0,
        output: 300,
        reasoning: 100,
        cost: 5_750,
      },
    ]);
  });

  it('generateText, one step, Gemini (protobuf): thoughts are added to output, cached content read from the metadata', async () => {
    const usageMetadata = { promptTokenCount: 10_000, cachedContentTokenCount: 8_000, candidatesTokenCount: 400, thoughtsTokenCount: 600 };
    const model = new MockLanguageModelV2({
      provider: 'google.generative-ai',
      modelId: 'gemini-2.5-flash',
      doGenerate: {
        content: text('Done.'),
        finishReason: 'stop',
        warnings: [],
        usage: { inputTokens: 10_000, outputTokens: 400, totalTokens: 11_000, cachedInputTokens: 8_000, reasoningTokens: 600 },
        providerMetadata: { google: { usageMetadata, safetyRatings: null } },
      },
    });
    const { codes } = await traced({ encoding: 'protobuf', processor: 'batch' }, 'gemini-1', (telemetry) =>
      generateText({ model, prompt: 'Refactor this.', experimental_telemetry: telemetry }),
    );
    expect(codes).toEqual([0]);
    // 2,000×$0.30 + 8,000×$0.03 + (400 + 600)×$2.50 = 3,340 µ$.
    expect(await storedEvents('gemini-1')).toEqual([
      {
        provider: 'google',
        model: 'gemini-2.5-flash',
        mode: 'code',
        input: 10_000,
        read: 8_000,
        write5m: 0,
        write1h: 0,
        output: 1_000,
        reasoning: 600,
        cost: 3_340,
      },
    ]);
  });
});
