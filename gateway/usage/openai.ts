/**
 * OpenAI chat-completions usage (a response's `usage`, or a stream's final chunk with `choices: []` when the request
 * set `stream_options.include_usage`). OpenAI counts cached tokens inside prompt_tokens and reasoning inside
 * completion_tokens — the usage event's convention. Some OpenAI-compatible servers (Gemini's) count reasoning apart:
 * then total_tokens = prompt + completion + reasoning, or reasoning exceeds completion, and it is added.
 */
import { clampUsage, count, type EventUsage } from './types';

export function usageFromOpenAI(raw: unknown): EventUsage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const u = raw as Record<string, unknown>;
  const prompt = count(u.prompt_tokens);
  const completion = count(u.completion_tokens);
  const pd = (u.prompt_tokens_details ?? {}) as Record<string, unknown>;
  const cd = (u.completion_tokens_details ?? {}) as Record<string, unknown>;
  const reasoning = count(cd.reasoning_tokens);
  const total = count(u.total_tokens);
  const reasoningApart = reasoning > 0 && (reasoning > completion || (total > 0 && total === prompt + completion + reasoning));
  const output = reasoningApart ? completion + reasoning : completion;
  return clampUsage({
    input_tokens: prompt,
    cache_read_tokens: count(pd.cached_tokens),
    cache_write_5m_tokens: count(pd.cache_write_tokens),
    cache_write_1h_tokens: 0,
    output_tokens: output,
    reasoning_tokens: reasoning,
  });
}

/** What one parsed stream chunk says: its usage (the final chunk) and the model that served it. */
export function readOpenAIChunk(chunk: unknown): { usage: EventUsage | null; model: string | null; error: boolean } {
  if (typeof chunk !== 'object' || chunk === null) return { usage: null, model: null, error: false };
  const c = chunk as Record<string, unknown>;
  return {
    usage: c.usage ? usageFromOpenAI(c.usage) : null,
    model: typeof c.model === 'string' && c.model !== '' ? c.model : null,
    error: typeof c.error === 'object' && c.error !== null,
  };
}

/** A chunk that carries only usage (what the gateway drops when it asked for usage and the client did not). */
export function isUsageOnlyChunk(chunk: unknown): boolean {
  if (typeof chunk !== 'object' || chunk === null) return false;
  const c = chunk as Record<string, unknown>;
  return Array.isArray(c.choices) && c.choices.length === 0 && typeof c.usage === 'object' && c.usage !== null;
}
