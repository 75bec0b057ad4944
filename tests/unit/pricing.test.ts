/**
 * Costs worked out by hand from the providers' published prices ($ per million tokens = µ$ per token).
 * Each case shows its arithmetic; the engine must match to the micro-dollar.
 */
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { DEMO_MODELS } from '@/lib/demo/catalog';
import { SeededRandom } from '@/lib/demo/random';
import { computeCost, type TokenUsage } from '@/lib/pricing/cost';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';
import { microsPerMTok } from '@/lib/pricing/price-table';
import { tierForOutputPrice } from '@/lib/pricing/tiers';

const usage = (u: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...u,
});
const AT = new Date('2026-11-01T12:00:00Z');
const catalog = createPricer(EMPTY_PRICING_CONFIG);

interface Case {
  name: string;
  provider: string;
  model: string;
  at?: string;
  usage: Partial<TokenUsage>;
  micros: number | null;
}

const CASES: Case[] = [
  // Claude Sonnet 4.5: $3 in, $15 out, $0.30 cache read, $3.75 5-min write, $6 1-h write; ×2 / ×1.5 above 200k input.
  {
    name: 'sonnet 4.5 plain: 10,000×3 + 1,000×15',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 10_000, outputTokens: 1_000 },
    micros: 45_000,
  },
  {
    name: 'sonnet 4.5 cache read: 2,000×3 + 8,000×0.30 + 1,000×15',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 10_000, cacheReadTokens: 8_000, outputTokens: 1_000 },
    micros: 23_400,
  },
  {
    name: 'sonnet 4.5 5-min write: 4,000×3 + 6,000×3.75 + 500×15',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 10_000, cacheWrite5mTokens: 6_000, outputTokens: 500 },
    micros: 42_000,
  },
  {
    name: 'sonnet 4.5 1-h write: 4,000×3 + 6,000×6',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 10_000, cacheWrite1hTokens: 6_000 },
    micros: 48_000,
  },
  {
    name: 'sonnet 4.5 >200k tier, whole request: 250,000×6 + 2,000×22.5',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 250_000, outputTokens: 2_000 },
    micros: 1_545_000,
  },
  {
    name: 'sonnet 4.5 at exactly 200,000 input stays base: 200,000×3 + 2,000×15',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 200_000, outputTokens: 2_000 },
    micros: 630_000,
  },
  {
    name: 'sonnet 4.5 >200k with cache: 5,000×6 + 200,000×0.60 + 5,000×7.50 + 1,000×22.5',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 210_000, cacheReadTokens: 200_000, cacheWrite5mTokens: 5_000, outputTokens: 1_000 },
    micros: 210_000,
  },
  // Claude Opus 4.5: $5 in, $25 out, $0.50 read, $6.25 5-min write, $10 1-h write.
  {
    name: 'opus 4.5 plain: 1,000×5 + 1,000×25',
    provider: 'anthropic',
    model: 'claude-opus-4-5',
    usage: { inputTokens: 1_000, outputTokens: 1_000 },
    micros: 30_000,
  },
  {
    name: 'opus 4.5 all cache classes: 4,000×5 + 10,000×0.5 + 4,000×6.25 + 2,000×10 + 1,000×25',
    provider: 'anthropic',
    model: 'claude-opus-4-5',
    usage: { inputTokens: 20_000, cacheReadTokens: 10_000, cacheWrite5mTokens: 4_000, cacheWrite1hTokens: 2_000, outputTokens: 1_000 },
    micros: 95_000,
  },
  // Claude Haiku 4.5: $1 in, $5 out, $0.10 read.
  {
    name: 'haiku 4.5 mostly cached: 10,000×1 + 90,000×0.10 + 1,000×5',
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    usage: { inputTokens: 100_000, cacheReadTokens: 90_000, outputTokens: 1_000 },
    micros: 24_000,
  },
  // Claude Opus 4.6: a price change on 2026-03-13 (the >200k tier removed when 1M context went GA).
  {
    name: 'opus 4.6 before 2026-03-13, >200k tier: 300,000×10 + 1,000×37.5',
    provider: 'anthropic',
    model: 'claude-opus-4-6',
    at: '2026-03-12T23:59:59Z',
    usage: { inputTokens: 300_000, outputTokens: 1_000 },
    micros: 3_037_500,
  },
  {
    name: 'opus 4.6 from 2026-03-13, flat: 300,000×5 + 1,000×25',
    provider: 'anthropic',
    model: 'claude-opus-4-6',
    at: '2026-03-13T00:00:00Z',
    usage: { inputTokens: 300_000, outputTokens: 1_000 },
    micros: 1_525_000,
  },
  // GPT-5: $1.25 in, $0.125 cached, $10 out; reasoning is part of output, billed once.
  {
    name: 'gpt-5 cached input + reasoning: 1,808×1.25 + 8,192×0.125 + 2,000×10',
    provider: 'openai',
    model: 'gpt-5',
    usage: { inputTokens: 10_000, cacheReadTokens: 8_192, outputTokens: 2_000, reasoningTokens: 1_500 },
    micros: 23_284,
  },
  {
    name: 'gpt-5-mini one million input: 1,000,000×0.25',
    provider: 'openai',
    model: 'gpt-5-mini',
    usage: { inputTokens: 1_000_000 },
    micros: 250_000,
  },
  {
    name: 'gpt-5-nano rounds half up once: 3×0.05 + 1×0.40 = 0.55 → 1',
    provider: 'openai',
    model: 'gpt-5-nano',
    usage: { inputTokens: 3, outputTokens: 1 },
    micros: 1,
  },
  {
    name: 'gpt-5-nano below half a micro-dollar: 1×0.05 + 1×0.40 = 0.45 → 0',
    provider: 'openai',
    model: 'gpt-5-nano',
    usage: { inputTokens: 1, outputTokens: 1 },
    micros: 0,
  },
  {
    name: 'gpt-4.1-mini cached input: 5,000×0.40 + 5,000×0.10 + 100×1.60',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    usage: { inputTokens: 10_000, cacheReadTokens: 5_000, outputTokens: 100 },
    micros: 2_660,
  },
  // o3 (a reasoning model): $2 in, $8 out; 4,000 of 5,000 output tokens were reasoning.
  {
    name: 'o3 reasoning not billed twice: 2,000×2 + 5,000×8',
    provider: 'openai',
    model: 'o3',
    usage: { inputTokens: 2_000, outputTokens: 5_000, reasoningTokens: 4_000 },
    micros: 44_000,
  },
  // Gemini 2.5 Pro: $1.25 / $10 up to 200k input, $2.50 / $15 above; Flash $0.30 / $2.50, $0.03 cached; Flash-Lite $0.10 / $0.40.
  {
    name: 'gemini 2.5 pro: 100,000×1.25 + 1,000×10',
    provider: 'google',
    model: 'gemini-2.5-pro',
    usage: { inputTokens: 100_000, outputTokens: 1_000 },
    micros: 135_000,
  },
  {
    name: 'gemini 2.5 pro >200k: 300,000×2.50 + 1,000×15',
    provider: 'google',
    model: 'gemini-2.5-pro',
    usage: { inputTokens: 300_000, outputTokens: 1_000 },
    micros: 765_000,
  },
  {
    name: 'gemini 2.5 flash implicit cache: 10,000×0.30 + 40,000×0.03 + 500×2.50',
    provider: 'google',
    model: 'gemini-2.5-flash',
    usage: { inputTokens: 50_000, cacheReadTokens: 40_000, outputTokens: 500 },
    micros: 5_450,
  },
  {
    name: 'gemini 2.5 flash-lite: 1M×0.10 + 1M×0.40',
    provider: 'google',
    model: 'gemini-2.5-flash-lite',
    usage: { inputTokens: 1_000_000, outputTokens: 1_000_000 },
    micros: 500_000,
  },
  { name: 'no tokens cost nothing', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: {}, micros: 0 },
  {
    name: 'an unknown model is unpriced, never $0',
    provider: 'acme',
    model: 'acme-llm-9000',
    usage: { inputTokens: 1_000, outputTokens: 1_000 },
    micros: null,
  },
  {
    name: 'an unknown model at a known provider is unpriced',
    provider: 'anthropic',
    model: 'claude-internal-finetune',
    usage: { inputTokens: 1_000, outputTokens: 1_000 },
    micros: null,
  },
];

describe('catalog pricing, worked by hand', () => {
  it.each(CASES)('$name', ({ provider, model, at, usage: u, micros }) => {
    expect(catalog.price(provider, model, at ? new Date(at) : AT, usage(u)).costMicros).toBe(micros);
  });

  it('names the price source, and none for unpriced models', () => {
    expect(catalog.price('anthropic', 'claude-sonnet-4-5', AT, usage({ inputTokens: 1 })).priceSource).toBe(
      'catalog:genai-prices@0.1.8:anthropic/claude-sonnet-4-5',
    );
    expect(catalog.price('acme', 'x', AT, usage({ inputTokens: 1 })).priceSource).toBeNull();
  });

  it('computes cache savings as reads at the input price minus their cost: 8,000 × (3 − 0.30)', () => {
    expect(
      catalog.price('anthropic', 'claude-sonnet-4-5', AT, usage({ inputTokens: 10_000, cacheReadTokens: 8_000 })).cacheSavingsMicros,
    ).toBe(21_600);
  });

  it('agrees with the library’s own calculator on random usage for every demo model (within float error)', () => {
    const rng = new SeededRandom(99);
    for (const m of Object.values(DEMO_MODELS)) {
      for (let i = 0; i < 50; i++) {
        const input = rng.int(1, 400_000);
        const read = rng.int(0, Math.floor(input / 2));
        const w5 = m.provider === 'anthropic' ? rng.int(0, Math.floor(input / 4)) : 0;
        const w1 = m.provider === 'anthropic' ? rng.int(0, Math.floor(input / 8)) : 0;
        const output = rng.int(0, 20_000);
        const lib = calcPrice(
          { input_tokens: input, cache_read_tokens: read, cache_write_tokens: w5 + w1, cache_write_1h_tokens: w1, output_tokens: output },
          m.model,
          { providerId: m.provider, timestamp: AT },
        );
        const ours = catalog.price(
          m.provider,
          m.model,
          AT,
          usage({ inputTokens: input, cacheReadTokens: read, cacheWrite5mTokens: w5, cacheWrite1hTokens: w1, outputTokens: output }),
        );
        expect(
          Math.abs(ours.costMicros! - lib!.total_price * 1e6),
          `${m.model} ${input}/${read}/${w5}/${w1}/${output}`,
        ).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('admin prices, aliases and tiers', () => {
  const pricer = createPricer({
    customPrices: [
      // A negotiated Sonnet price from 2026-06-01: $2 in / $10 out, no cache prices (reads billed as input).
      {
        id: 'neg-1',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        effectiveFrom: new Date('2026-06-01T00:00:00Z'),
        table: { input: microsPerMTok(2), output: microsPerMTok(10) },
      },
      // A self-hosted model at amortised GPU cost: $0.20 / MTok both ways.
      {
        id: 'gpu-1',
        provider: 'vllm',
        model: 'llama-3.1-70b',
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        table: { input: microsPerMTok(0.2), output: microsPerMTok(0.2) },
      },
      {
        id: 'free-1',
        provider: 'ollama',
        model: 'qwen-local',
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        table: { input: 0, output: 0 },
      },
    ],
    aliases: [{ provider: 'litellm', model: 'sonnet-prod', targetProvider: 'anthropic', targetModel: 'claude-sonnet-4-5' }],
    tierOverrides: [{ provider: 'anthropic', model: 'claude-haiku-4-5', tier: 'economy' }],
  });

  it('uses a negotiated price from its effective date, and the catalog before it', () => {
    const u = usage({ inputTokens: 10_000, cacheReadTokens: 8_000, outputTokens: 1_000 });
    // After: 10,000×2 (reads billed as input: no cache price) + 1,000×10 = 30,000.
    expect(pricer.price('anthropic', 'claude-sonnet-4-5', new Date('2026-06-01T00:00:00Z'), u)).toMatchObject({
      costMicros: 30_000,
      priceSource: 'custom:neg-1',
    });
    // Before: catalog, 2,000×3 + 8,000×0.30 + 1,000×15 = 23,400.
    expect(pricer.price('anthropic', 'claude-sonnet-4-5', new Date('2026-05-31T23:59:59Z'), u).costMicros).toBe(23_400);
  });

  it('prices a self-hosted model: 1,000,000×0.20 + 500,000×0.20', () => {
    expect(pricer.price('vllm', 'llama-3.1-70b', AT, usage({ inputTokens: 1_000_000, outputTokens: 500_000 })).costMicros).toBe(300_000);
  });

  it('treats an explicit $0 price as free, which is different from unpriced', () => {
    expect(pricer.price('ollama', 'qwen-local', AT, usage({ inputTokens: 1_000 })).costMicros).toBe(0);
  });

  it('prices an aliased name as its target model, including the admin price', () => {
    expect(pricer.price('litellm', 'sonnet-prod', AT, usage({ inputTokens: 10_000, outputTokens: 1_000 })).costMicros).toBe(30_000);
    expect(pricer.tierOf('litellm', 'sonnet-prod')).toBe('frontier');
  });

  it('derives tiers from the output price, with admin overrides first', () => {
    expect(tierForOutputPrice(microsPerMTok(25))).toBe('frontier');
    expect(tierForOutputPrice(microsPerMTok(10))).toBe('frontier');
    expect(tierForOutputPrice(microsPerMTok(2))).toBe('balanced');
    expect(tierForOutputPrice(microsPerMTok(0.4))).toBe('economy');
    expect(tierForOutputPrice(null)).toBe('unclassified');
    expect(catalog.tierOf('anthropic', 'claude-opus-4-5')).toBe('frontier');
    expect(catalog.tierOf('openai', 'gpt-5-mini')).toBe('balanced');
    expect(catalog.tierOf('google', 'gemini-2.5-flash-lite')).toBe('economy');
    expect(catalog.tierOf('anthropic', 'claude-haiku-4-5')).toBe('balanced');
    expect(pricer.tierOf('anthropic', 'claude-haiku-4-5')).toBe('economy');
    expect(pricer.tierOf('vllm', 'llama-3.1-70b')).toBe('economy');
    expect(catalog.tierOf('acme', 'unknown')).toBe('unclassified');
  });
});

describe('exact arithmetic', () => {
  it('keeps per-class amounts exact in pico-dollars and rounds only the total', () => {
    const cost = computeCost(usage({ inputTokens: 7, outputTokens: 3 }), { input: 50_000, output: 400_000 });
    expect(cost.picos).toMatchObject({ input: 350_000, output: 1_200_000 });
    expect(cost.totalMicros).toBe(2); // 1.55 µ$ → 2
  });

  it('rounds half a micro-dollar up, and just under half down', () => {
    expect(computeCost(usage({ inputTokens: 1, outputTokens: 0 }), { input: 500_000, output: 0 }).totalMicros).toBe(1); // 0.5 µ$
    expect(computeCost(usage({ inputTokens: 1, outputTokens: 0 }), { input: 499_999, output: 0 }).totalMicros).toBe(0);
    expect(computeCost(usage({ inputTokens: 3, outputTokens: 0 }), { input: 1_500_000, output: 0 }).totalMicros).toBe(5); // 4.5 µ$
  });

  it('stays exact where the pico-dollar amounts pass 2^53 (100 M tokens at $1,000 and $999.999999 per MTok)', () => {
    const cost = computeCost(usage({ inputTokens: 100_000_000, outputTokens: 100_000_000 }), { input: 1_000_000_000, output: 999_999_999 });
    // 10^8 × 10^9 + 10^8 × (10^9 − 1) pico-dollars = 2·10^17 − 10^8 → 199,999,999,900 µ$ exactly
    expect(cost.totalMicros).toBe(199_999_999_900);
    expect(cost.totalMicros).toBe(Number((100_000_000n * 1_000_000_000n + 100_000_000n * 999_999_999n + 500_000n) / 1_000_000n));
  });

  it('gives the same micro-dollars as BigInt arithmetic on random large requests', () => {
    let seed = 7;
    const next = (max: number) => (seed = (seed * 48_271) % 2_147_483_647) % max;
    for (let i = 0; i < 2_000; i++) {
      const input = next(100_000_000);
      const cacheRead = next(input + 1);
      const output = next(2_000_000);
      const table = { input: next(100_000_000), cacheRead: next(10_000_000), output: next(200_000_000) };
      const expected =
        BigInt(input - cacheRead) * BigInt(table.input) +
        BigInt(cacheRead) * BigInt(table.cacheRead) +
        BigInt(output) * BigInt(table.output);
      expect(computeCost(usage({ inputTokens: input, cacheReadTokens: cacheRead, outputTokens: output }), table).totalMicros).toBe(
        Number((expected + 500_000n) / 1_000_000n),
      );
    }
  });
});
