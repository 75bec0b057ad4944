/**
 * A model's prices in force at one instant, as integers: micro-dollars per million tokens (µ$/MTok).
 * $3.75 / MTok = 3,750,000 µ$/MTok, so tokens × price is an exact integer in pico-dollars and an
 * event's cost is rounded once, to whole micro-dollars.
 */
export interface TieredPrice {
  base: number;
  /** Ascending `start`; a tier applies to the whole request when its total input tokens exceed `start`. */
  tiers: { start: number; price: number }[];
}
export type Price = number | TieredPrice;

export interface PriceTable {
  input: Price;
  output: Price;
  /** Absent: cache reads are billed as ordinary input. */
  cacheRead?: Price;
  /** Absent: 5-minute writes fall back to `cacheWrite`, then to input. */
  cacheWrite5m?: Price;
  /** Absent: 1-hour writes fall back to `cacheWrite`, then to input. */
  cacheWrite1h?: Price;
  /** Generic cache write price (providers with one cache-write rate). */
  cacheWrite?: Price;
  /** Absent (almost always): reasoning tokens are billed at the output rate, as part of output. */
  reasoning?: Price;
}

/** The price that applies to a request with `inputTokens` total prompt tokens. */
export function priceAt(price: Price, inputTokens: number): number {
  if (typeof price === 'number') return price;
  let applied = price.base;
  for (const tier of price.tiers) if (inputTokens > tier.start) applied = tier.price;
  return applied;
}

/** Dollars per MTok (a float from a catalog or a form) to integer µ$/MTok, exactly for ≤ 6 decimals. */
export function microsPerMTok(dollarsPerMTok: number): number {
  return Math.round(dollarsPerMTok * 1_000_000);
}
