/**
 * The cost of one request, exactly. Token classes follow DESIGN.md: input tokens are the total prompt
 * (cache reads and writes are partitions of it), output tokens include reasoning tokens (billed once,
 * at the output rate). Long-context tiers apply per request, on its total input.
 */
import { priceAt, type PriceTable } from './price-table';

export interface TokenUsage {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface CostBreakdown {
  /** Whole micro-dollars, rounded half up once from the exact sum. */
  totalMicros: number;
  /** Per class, in pico-dollars (µ$ × 10⁻⁶), before rounding: shown in the request detail. */
  picos: { input: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number; output: number; reasoning: number };
  /** What the cache reads would have cost at the input price, minus what they cost (µ$, ≥ 0 normally). */
  cacheSavingsMicros: number;
  /** The per-MTok prices applied (µ$/MTok), after tier selection. */
  applied: { input: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number; output: number; reasoning: number };
}

const PICOS_PER_MICRO = 1_000_000n;

function roundPicosToMicros(picos: bigint): number {
  const sign = picos < 0n ? -1n : 1n;
  const abs = picos * sign;
  return Number(sign * ((abs + PICOS_PER_MICRO / 2n) / PICOS_PER_MICRO));
}

export function computeCost(usage: TokenUsage, table: PriceTable): CostBreakdown {
  const n = usage.inputTokens;
  const input = priceAt(table.input, n);
  const cacheWrite = table.cacheWrite !== undefined ? priceAt(table.cacheWrite, n) : input;
  const applied = {
    input,
    cacheRead: table.cacheRead !== undefined ? priceAt(table.cacheRead, n) : input,
    cacheWrite5m: table.cacheWrite5m !== undefined ? priceAt(table.cacheWrite5m, n) : cacheWrite,
    cacheWrite1h: table.cacheWrite1h !== undefined ? priceAt(table.cacheWrite1h, n) : cacheWrite,
    output: priceAt(table.output, n),
    reasoning: priceAt(table.reasoning ?? table.output, n),
  };
  const uncached = usage.inputTokens - usage.cacheReadTokens - usage.cacheWrite5mTokens - usage.cacheWrite1hTokens;
  const p = {
    input: BigInt(uncached) * BigInt(applied.input),
    cacheRead: BigInt(usage.cacheReadTokens) * BigInt(applied.cacheRead),
    cacheWrite5m: BigInt(usage.cacheWrite5mTokens) * BigInt(applied.cacheWrite5m),
    cacheWrite1h: BigInt(usage.cacheWrite1hTokens) * BigInt(applied.cacheWrite1h),
    // Reasoning is a partition of output: billed once, at its own rate only where a model has one.
    output: BigInt(usage.outputTokens - usage.reasoningTokens) * BigInt(applied.output),
    reasoning: BigInt(usage.reasoningTokens) * BigInt(applied.reasoning),
  };
  const total = p.input + p.cacheRead + p.cacheWrite5m + p.cacheWrite1h + p.output + p.reasoning;
  const savings = BigInt(usage.cacheReadTokens) * BigInt(applied.input - applied.cacheRead);
  return {
    totalMicros: roundPicosToMicros(total),
    picos: {
      input: Number(p.input),
      cacheRead: Number(p.cacheRead),
      cacheWrite5m: Number(p.cacheWrite5m),
      cacheWrite1h: Number(p.cacheWrite1h),
      output: Number(p.output),
      reasoning: Number(p.reasoning),
    },
    cacheSavingsMicros: roundPicosToMicros(savings),
    applied,
  };
}
