/** Token usage as the usage event carries it (docs/api.md): input includes the cache, output includes reasoning. */
export interface EventUsage {
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
}

export const ZERO_USAGE: EventUsage = Object.freeze({
  input_tokens: 0,
  cache_read_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  output_tokens: 0,
  reasoning_tokens: 0,
});

/** A whole token count in ingestion's range, or 0 (a provider's missing or odd value never rejects the event). */
export function count(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(v, 100_000_000) : 0;
}

/** Keeps the partitions within their totals, as ingestion requires (cache ≤ input, reasoning ≤ output). */
export function clampUsage(u: EventUsage): EventUsage {
  const input = Math.max(u.input_tokens, 0);
  let read = Math.min(u.cache_read_tokens, input);
  let w5 = Math.min(u.cache_write_5m_tokens, input - read);
  const w1 = Math.min(u.cache_write_1h_tokens, input - read - w5);
  if (read < 0) read = 0;
  if (w5 < 0) w5 = 0;
  return {
    input_tokens: input,
    cache_read_tokens: read,
    cache_write_5m_tokens: w5,
    cache_write_1h_tokens: Math.max(w1, 0),
    output_tokens: u.output_tokens,
    reasoning_tokens: Math.min(u.reasoning_tokens, u.output_tokens),
  };
}
