/**
 * Token details the Vercel AI SDK (ai 5.x) leaves out of its usage attributes but a provider repeats in
 * `ai.response.providerMetadata` (a JSON string on every call span). ai 5's generateText records only
 * input and output tokens on its spans, so these are its only source of cache and reasoning tokens.
 * The shapes are those of @ai-sdk/anthropic 2, @ai-sdk/openai 1–2 and @ai-sdk/google 2.
 */
import type { AttributeValue } from './decode';

export interface ProviderTokens {
  cacheRead?: number;
  /** All cache writes; `cacheWrite1h` of them were written for one hour. */
  cacheWrite?: number;
  cacheWrite1h?: number;
  reasoning?: number;
  /** The SDK's input count leaves out cache reads and writes (Anthropic's API counts them apart). */
  inputExcludesCache: boolean;
  /** The SDK's output count leaves out reasoning (Gemini counts thoughts apart from candidates). */
  outputExcludesReasoning: boolean;
}

type Json = unknown;

function at(value: Json, ...path: string[]): Json {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, Json>)[key];
  }
  return v;
}

function count(value: Json, ...path: string[]): number | undefined {
  const v = at(value, ...path);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

const isObject = (v: Json) => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(raw: AttributeValue | undefined): Json {
  if (typeof raw !== 'string') return raw ?? undefined;
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return undefined;
  }
}

export function providerTokens(providerMetadata: AttributeValue | undefined): ProviderTokens {
  const meta = parse(providerMetadata);
  const none: ProviderTokens = { inputExcludesCache: false, outputExcludesReasoning: false };
  if (!isObject(meta)) return none;

  // @ai-sdk/anthropic: `usage` is Anthropic's own usage object, whose input_tokens exclude the cache.
  const anthropic = at(meta, 'anthropic');
  if (isObject(anthropic) && (isObject(at(anthropic, 'usage')) || at(anthropic, 'cacheCreationInputTokens') !== undefined)) {
    return {
      cacheRead: count(anthropic, 'usage', 'cache_read_input_tokens'),
      cacheWrite: count(anthropic, 'cacheCreationInputTokens') ?? count(anthropic, 'usage', 'cache_creation_input_tokens'),
      cacheWrite1h: count(anthropic, 'usage', 'cache_creation', 'ephemeral_1h_input_tokens'),
      inputExcludesCache: true,
      outputExcludesReasoning: false,
    };
  }

  // @ai-sdk/google: Gemini's usageMetadata; its prompt count includes cached content, its candidates exclude thoughts.
  const gemini = at(meta, 'google', 'usageMetadata');
  if (isObject(gemini)) {
    return {
      cacheRead: count(gemini, 'cachedContentTokenCount'),
      reasoning: count(gemini, 'thoughtsTokenCount'),
      inputExcludesCache: false,
      outputExcludesReasoning: true,
    };
  }

  // @ai-sdk/openai: cachedPromptTokens and reasoningTokens in 1.x (ai 4), cache writes in 2.x; input includes them.
  const openai = at(meta, 'openai');
  if (isObject(openai)) {
    return {
      cacheRead: count(openai, 'cachedPromptTokens'),
      cacheWrite: count(openai, 'usage', 'cacheWriteTokens'),
      reasoning: count(openai, 'reasoningTokens'),
      inputExcludesCache: false,
      outputExcludesReasoning: false,
    };
  }
  return none;
}
