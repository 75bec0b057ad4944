/**
 * OpenTelemetry spans to usage events (the same JSON events POST /api/v1/events takes).
 *
 * Read, in order of preference:
 * - tokens: gen_ai.usage.input_tokens | gen_ai.usage.prompt_tokens | ai.usage.inputTokens | ai.usage.promptTokens;
 *   gen_ai.usage.output_tokens | gen_ai.usage.completion_tokens | ai.usage.outputTokens | ai.usage.completionTokens;
 *   gen_ai.usage.cache_read.input_tokens | ai.usage.cachedInputTokens (cache reads);
 *   gen_ai.usage.cache_creation.input_tokens (cache writes, priced as 5-minute writes);
 *   gen_ai.usage.reasoning.output_tokens | ai.usage.reasoningTokens.
 * - model: gen_ai.response.model | gen_ai.request.model | ai.response.model | ai.model.id; requested: gen_ai.request.model.
 * - provider: gen_ai.provider.name | gen_ai.system (deprecated) | ai.model.provider (`openai.chat` → `openai`).
 * - session: gen_ai.conversation.id | ai.telemetry.metadata.session | …sessionId.
 * - mode / task / user / turn: switchyard.mode, switchyard.task, switchyard.turn, user.id | enduser.id, or the
 *   Vercel AI SDK's ai.telemetry.metadata.{mode,task,user|userId,turn}.
 * Spans without token usage are ignored. The AI SDK's aggregate spans (ai.generateText, ai.streamText, …)
 * repeat their children's usage and are ignored; so is any span whose child in the same export carries the
 * same usage. Input tokens follow the convention that they include cache tokens; when cache tokens exceed
 * them, the instrumentation reported input without cache (Anthropic style) and the cache tokens are added.
 */
import type { AttributeValue, OtlpSpan } from './decode';

type Attrs = Record<string, AttributeValue>;

function first(attrs: Attrs, keys: readonly string[]): AttributeValue | undefined {
  for (const k of keys) if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== '') return attrs[k];
  return undefined;
}
function num(attrs: Attrs, keys: readonly string[]): number | undefined {
  const v = first(attrs, keys);
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
function str(attrs: Attrs, keys: readonly string[]): string | undefined {
  const v = first(attrs, keys);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

const INPUT = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'ai.usage.inputTokens', 'ai.usage.promptTokens'];
const OUTPUT = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'ai.usage.outputTokens', 'ai.usage.completionTokens'];
const CACHE_READ = ['gen_ai.usage.cache_read.input_tokens', 'ai.usage.cachedInputTokens'];
const CACHE_WRITE = ['gen_ai.usage.cache_creation.input_tokens'];
const REASONING = ['gen_ai.usage.reasoning.output_tokens', 'ai.usage.reasoningTokens'];
const META = 'ai.telemetry.metadata.';

/** The AI SDK's aggregate operations; their `.do…` children are the actual model calls. */
const AI_SDK_AGGREGATES = new Set(['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject', 'ai.embed', 'ai.embedMany']);

const PROVIDER_NAMES: Record<string, string> = {
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'google.generative-ai': 'google',
  'google.vertex': 'google',
  'az.ai.openai': 'azure',
  'azure.ai.openai': 'azure',
  'aws.bedrock': 'aws',
};

function providerOf(attrs: Attrs): string | undefined {
  const raw = str(attrs, ['gen_ai.provider.name', 'gen_ai.system', 'ai.model.provider'])?.toLowerCase();
  if (!raw) return undefined;
  return PROVIDER_NAMES[raw] ?? raw.split('.')[0];
}

interface SpanUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

function usageOf(attrs: Attrs): SpanUsage | null {
  const input = num(attrs, INPUT);
  const output = num(attrs, OUTPUT);
  if (input === undefined && output === undefined) return null;
  const cacheRead = num(attrs, CACHE_READ) ?? 0;
  const cacheWrite = num(attrs, CACHE_WRITE) ?? 0;
  const reportedInput = input ?? 0;
  return {
    input: cacheRead + cacheWrite > reportedInput ? reportedInput + cacheRead + cacheWrite : reportedInput,
    output: output ?? 0,
    cacheRead,
    cacheWrite,
    reasoning: num(attrs, REASONING) ?? 0,
  };
}

const sameUsage = (a: SpanUsage, b: SpanUsage) => a.input === b.input && a.output === b.output;

export interface MappedSpans {
  events: Record<string, unknown>[];
  /** Spans that carried usage but could not become an event (no model), for the partial-success answer. */
  unusable: number;
}

export function spansToEvents(spans: readonly OtlpSpan[]): MappedSpans {
  const withUsage = spans
    .map((span) => ({ span, usage: usageOf(span.attributes) }))
    .filter((s): s is { span: OtlpSpan; usage: SpanUsage } => s.usage !== null);
  const byParent = new Map<string, SpanUsage[]>();
  for (const s of withUsage) {
    const key = `${s.span.traceId}/${s.span.parentSpanId}`;
    byParent.set(key, [...(byParent.get(key) ?? []), s.usage]);
  }

  const events: Record<string, unknown>[] = [];
  let unusable = 0;
  for (const { span, usage } of withUsage) {
    const a = span.attributes;
    const operation = str(a, ['ai.operationId']) ?? span.name;
    if (AI_SDK_AGGREGATES.has(operation)) continue;
    if ((byParent.get(`${span.traceId}/${span.spanId}`) ?? []).some((child) => sameUsage(child, usage))) continue;

    const model = str(a, ['gen_ai.response.model', 'gen_ai.request.model', 'ai.response.model', 'ai.model.id']);
    const provider = providerOf(a);
    if (!model || !provider) {
      unusable += 1;
      continue;
    }
    const startMs = Number(span.startTimeUnixNano / 1_000_000n);
    const durationMs = Number((span.endTimeUnixNano - span.startTimeUnixNano) / 1_000_000n);
    const turn = num(a, ['switchyard.turn', `${META}turn`]);
    const tags: Record<string, string> = {};
    const service = str(span.resource, ['service.name']);
    const env = str(span.resource, ['deployment.environment.name', 'deployment.environment']);
    if (service) tags.service = service;
    if (env) tags.env = env;
    events.push({
      event_id: `otel:${span.traceId}:${span.spanId}`,
      timestamp: new Date(startMs).toISOString(),
      mode: str(a, ['switchyard.mode', `${META}mode`]),
      task: str(a, ['switchyard.task', `${META}task`]),
      user: str(a, ['user.id', 'enduser.id', `${META}user`, `${META}userId`]),
      session: str(a, ['gen_ai.conversation.id', `${META}session`, `${META}sessionId`]),
      turn: turn !== undefined && Number.isInteger(turn) && turn >= 1 ? turn : undefined,
      provider,
      model,
      requested_model: str(a, ['gen_ai.request.model', 'ai.model.id']),
      usage: {
        input_tokens: usage.input,
        cache_read_tokens: usage.cacheRead,
        cache_write_5m_tokens: usage.cacheWrite,
        output_tokens: usage.output,
        reasoning_tokens: usage.reasoning,
      },
      latency_ms: durationMs >= 0 ? durationMs : undefined,
      status: span.statusCode === 2 ? 'error' : 'ok',
      tags,
    });
  }
  return { events, unusable };
}
