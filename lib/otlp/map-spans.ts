/**
 * OpenTelemetry spans to usage events (the same JSON events POST /api/v1/events takes).
 *
 * Read, in order of preference:
 * - tokens: gen_ai.usage.input_tokens | gen_ai.usage.prompt_tokens | ai.usage.inputTokens | ai.usage.promptTokens;
 *   gen_ai.usage.output_tokens | gen_ai.usage.completion_tokens | ai.usage.outputTokens | ai.usage.completionTokens;
 *   gen_ai.usage.cache_read.input_tokens | ai.usage.cachedInputTokens | the provider's metadata (cache reads);
 *   gen_ai.usage.cache_creation.input_tokens | the provider's metadata (cache writes: 5-minute unless it says 1-hour);
 *   gen_ai.usage.reasoning.output_tokens | ai.usage.reasoningTokens | the provider's metadata (ai-sdk-usage.ts).
 * - model: gen_ai.response.model | gen_ai.request.model | ai.response.model | ai.model.id; requested: gen_ai.request.model.
 * - provider: gen_ai.provider.name | gen_ai.system (deprecated) | ai.model.provider (`openai.chat` → `openai`).
 * - session: gen_ai.conversation.id | ai.telemetry.metadata.session | …sessionId.
 * - mode / task / user / turn: switchyard.mode, switchyard.task, switchyard.turn, user.id | enduser.id, or the
 *   Vercel AI SDK's ai.telemetry.metadata.{mode,task,user|userId,turn}.
 * Spans without token usage are ignored. Each AI SDK model call (`ai.*.doGenerate` / `ai.*.doStream`, one per
 * step) is one event; the aggregate spans (ai.generateText, ai.streamText, …) repeat or sum their calls' usage
 * and are never events; so is any span whose child in the same export carries the same usage. Input tokens
 * follow the convention that they include cache tokens; when the provider's metadata says otherwise
 * (Anthropic) or cache tokens exceed them, the cache tokens are added. Output likewise with reasoning (Gemini).
 */
import { providerTokens, type ProviderTokens } from './ai-sdk-usage';
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
const PROVIDER_METADATA = 'ai.response.providerMetadata';

/** The AI SDK's aggregate operations; their `.do…` children are the actual model calls. */
const AI_SDK_AGGREGATES = new Set(['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject', 'ai.embed', 'ai.embedMany']);
/** One model call (one step of a multi-step call): the span that becomes an event. */
const AI_SDK_CALL = /^ai\.\w+\.do(Generate|Stream)$/;

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

/** What a span says about its tokens, as reported (undefined where it says nothing). */
interface Reported extends ProviderTokens {
  input?: number;
  output?: number;
}

interface SpanUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  reasoning: number;
}

function reportedUsage(attrs: Attrs): Reported | null {
  const input = num(attrs, INPUT);
  const output = num(attrs, OUTPUT);
  if (input === undefined && output === undefined) return null;
  const provider = providerTokens(attrs[PROVIDER_METADATA]);
  return {
    ...provider,
    input,
    output,
    cacheRead: num(attrs, CACHE_READ) ?? provider.cacheRead,
    cacheWrite: num(attrs, CACHE_WRITE) ?? provider.cacheWrite,
    reasoning: num(attrs, REASONING) ?? provider.reasoning,
  };
}

/** Totals in the event's convention: input includes every cache token, output includes reasoning. */
function normalise(r: Reported): SpanUsage {
  const reportedInput = r.input ?? 0;
  const reportedOutput = r.output ?? 0;
  const cacheRead = r.cacheRead ?? 0;
  const cacheWrite = r.cacheWrite ?? 0;
  const reasoning = r.reasoning ?? 0;
  const cacheWrite1h = Math.min(r.cacheWrite1h ?? 0, cacheWrite);
  const addCache = r.inputExcludesCache || cacheRead + cacheWrite > reportedInput;
  const addReasoning = r.outputExcludesReasoning || reasoning > reportedOutput;
  return {
    input: addCache ? reportedInput + cacheRead + cacheWrite : reportedInput,
    output: addReasoning ? reportedOutput + reasoning : reportedOutput,
    cacheRead,
    cacheWrite5m: cacheWrite - cacheWrite1h,
    cacheWrite1h,
    reasoning,
  };
}

const operationOf = (span: OtlpSpan) => str(span.attributes, ['ai.operationId']) ?? span.name;
const spanKey = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

/**
 * A call span without cache or reasoning counts takes them from its aggregate span (ai.generateText, …)
 * when it is that aggregate's only call in the export and both report the same input and output: then
 * the aggregate's details are this call's. Totals over several calls are never spread over them.
 */
function fillFromAggregates(items: readonly { span: OtlpSpan; reported: Reported }[]): void {
  const byKey = new Map(items.map((item) => [spanKey(item.span.traceId, item.span.spanId), item]));
  const calls = items.filter((item) => AI_SDK_CALL.test(operationOf(item.span)));
  const callsPerParent = new Map<string, number>();
  for (const { span } of calls) {
    const key = spanKey(span.traceId, span.parentSpanId);
    callsPerParent.set(key, (callsPerParent.get(key) ?? 0) + 1);
  }
  for (const { span, reported } of calls) {
    const key = spanKey(span.traceId, span.parentSpanId);
    const aggregate = byKey.get(key);
    if (!aggregate || !AI_SDK_AGGREGATES.has(operationOf(aggregate.span)) || callsPerParent.get(key) !== 1) continue;
    const parent = aggregate.reported;
    if (parent.input !== reported.input || parent.output !== reported.output) continue;
    reported.cacheRead ??= parent.cacheRead;
    reported.cacheWrite ??= parent.cacheWrite;
    reported.cacheWrite1h ??= parent.cacheWrite1h;
    reported.reasoning ??= parent.reasoning;
    reported.inputExcludesCache ||= parent.inputExcludesCache;
    reported.outputExcludesReasoning ||= parent.outputExcludesReasoning;
  }
}

const sameUsage = (a: SpanUsage, b: SpanUsage) => a.input === b.input && a.output === b.output;

export interface MappedSpans {
  events: Record<string, unknown>[];
  /** Spans that carried usage but could not become an event (no model), for the partial-success answer. */
  unusable: number;
}

export function spansToEvents(spans: readonly OtlpSpan[]): MappedSpans {
  const reported = spans
    .map((span) => ({ span, reported: reportedUsage(span.attributes) }))
    .filter((s): s is { span: OtlpSpan; reported: Reported } => s.reported !== null);
  fillFromAggregates(reported);
  const withUsage = reported.map(({ span, reported }) => ({ span, usage: normalise(reported) }));
  const byParent = new Map<string, SpanUsage[]>();
  for (const s of withUsage) {
    const key = spanKey(s.span.traceId, s.span.parentSpanId);
    byParent.set(key, [...(byParent.get(key) ?? []), s.usage]);
  }

  const events: Record<string, unknown>[] = [];
  let unusable = 0;
  for (const { span, usage } of withUsage) {
    const a = span.attributes;
    if (AI_SDK_AGGREGATES.has(operationOf(span))) continue;
    if ((byParent.get(spanKey(span.traceId, span.spanId)) ?? []).some((child) => sameUsage(child, usage))) continue;

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
        cache_write_5m_tokens: usage.cacheWrite5m,
        cache_write_1h_tokens: usage.cacheWrite1h,
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
