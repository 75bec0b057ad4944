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

/** Below this, pico amounts are exact integers in a double, with room for the rounding steps below. */
const NUMBER_LIMIT = Number.MAX_SAFE_INTEGER - 2 * 1_000_000;
const exactAsNumber = (v: number) => Number.isInteger(v) && Math.abs(v) <= NUMBER_LIMIT;

/** The same rounding (half away from zero) for an integer below NUMBER_LIMIT, exactly, without BigInt. */
function roundSafePicosToMicros(picos: number): number {
  const abs = Math.abs(picos);
  let whole = Math.floor(abs / 1_000_000);
  let rest = abs - whole * 1_000_000; // exact integers; corrects a quotient the float division rounded
  if (rest < 0) [whole, rest] = [whole - 1, rest + 1_000_000];
  else if (rest >= 1_000_000) [whole, rest] = [whole + 1, rest - 1_000_000];
  const rounded = rest >= 500_000 ? whole + 1 : whole;
  return picos < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Token counts × µ$/MTok prices, in pico-dollars: plain numbers while exact, BigInt beyond. */
function picoAmounts(tokens: readonly number[], prices: readonly number[]): { picos: number[]; total: number | bigint } {
  const picos = tokens.map((t, i) => t * prices[i]!);
  const total = picos.reduce((a, b) => a + b, 0);
  if (picos.every(exactAsNumber) && exactAsNumber(total)) return { picos, total };
  const big = tokens.map((t, i) => BigInt(t) * BigInt(prices[i]!));
  return { picos: big.map(Number), total: big.reduce((a, b) => a + b, 0n) };
}

const roundTotal = (total: number | bigint) => (typeof total === 'bigint' ? roundPicosToMicros(total) : roundSafePicosToMicros(total));

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
  // Reasoning is a partition of output: billed once, at its own rate only where a model has one.
  const { picos, total } = picoAmounts(
    [
      uncached,
      usage.cacheReadTokens,
      usage.cacheWrite5mTokens,
      usage.cacheWrite1hTokens,
      usage.outputTokens - usage.reasoningTokens,
      usage.reasoningTokens,
    ],
    [applied.input, applied.cacheRead, applied.cacheWrite5m, applied.cacheWrite1h, applied.output, applied.reasoning],
  );
  const savings = picoAmounts([usage.cacheReadTokens], [applied.input - applied.cacheRead]).total;
  return {
    totalMicros: roundTotal(total),
    picos: {
      input: picos[0]!,
      cacheRead: picos[1]!,
      cacheWrite5m: picos[2]!,
      cacheWrite1h: picos[3]!,
      output: picos[4]!,
      reasoning: picos[5]!,
    },
    cacheSavingsMicros: roundTotal(savings),
    applied,
  };
}
