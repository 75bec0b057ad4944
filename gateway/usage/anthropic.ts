/**
 * Anthropic Messages usage. `input_tokens` excludes cache reads and writes (the event's input includes them);
 * `cache_creation` splits writes by TTL (5 minutes, 1 hour) when present, else all writes are 5-minute ones.
 * In a stream, message_start carries the input side and message_delta the cumulative output (and, when present,
 * overwrites the input fields — as the SDK's MessageStream does: never added).
 */
import { clampUsage, count, type EventUsage } from './types';

/** The raw Anthropic fields, merged across a stream's events. */
export interface AnthropicUsageFields {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation?: unknown;
}

export function usageFromAnthropic(raw: unknown): EventUsage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const u = raw as AnthropicUsageFields;
  const uncached = count(u.input_tokens);
  const writes = count(u.cache_creation_input_tokens);
  const reads = count(u.cache_read_input_tokens);
  let w5 = writes;
  let w1 = 0;
  if (typeof u.cache_creation === 'object' && u.cache_creation !== null) {
    const split = u.cache_creation as Record<string, unknown>;
    w5 = count(split.ephemeral_5m_input_tokens);
    w1 = count(split.ephemeral_1h_input_tokens);
    // A split that does not add up to the total keeps the remainder as 5-minute writes (the cheaper assumption is not made).
    if (w5 + w1 < writes) w5 = writes - w1;
  }
  return clampUsage({
    input_tokens: uncached + Math.max(writes, w5 + w1) + reads,
    cache_read_tokens: reads,
    cache_write_5m_tokens: w5,
    cache_write_1h_tokens: w1,
    output_tokens: count(u.output_tokens),
    reasoning_tokens: 0,
  });
}

/** Accumulates a Messages stream's usage from its parsed events. */
export class AnthropicStreamUsage {
  private fields: AnthropicUsageFields = {};
  model: string | null = null;
  error = false;
  seen = false;

  push(event: unknown): void {
    if (typeof event !== 'object' || event === null) return;
    const e = event as Record<string, unknown>;
    if (e.type === 'message_start' && typeof e.message === 'object' && e.message !== null) {
      const m = e.message as Record<string, unknown>;
      if (typeof m.model === 'string') this.model = m.model;
      if (typeof m.usage === 'object' && m.usage !== null) this.merge(m.usage as AnthropicUsageFields);
    } else if (e.type === 'message_delta' && typeof e.usage === 'object' && e.usage !== null) {
      this.merge(e.usage as AnthropicUsageFields);
    } else if (e.type === 'error') this.error = true;
  }

  private merge(u: AnthropicUsageFields): void {
    this.seen = true;
    for (const k of [
      'input_tokens',
      'output_tokens',
      'cache_creation_input_tokens',
      'cache_read_input_tokens',
      'cache_creation',
    ] as const) {
      if (u[k] !== undefined && u[k] !== null) this.fields[k] = u[k];
    }
  }

  usage(): EventUsage | null {
    return this.seen ? usageFromAnthropic(this.fields) : null;
  }
}
