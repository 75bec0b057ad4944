/**
 * The usage event as clients send it (JSON field names), validated with zod. docs/api/usage-event.schema.json
 * is the same contract as JSON Schema, and a test keeps the two in step.
 */
import { z } from 'zod';

export const MAX_TOKENS = 100_000_000;
const tokens = z.number().int().min(0).max(MAX_TOKENS);
const label = (max: number) => z.string().trim().min(1).max(max);
const lowerLabel = label(100).transform((v) => v.toLowerCase());

export const usageEventSchema = z.object({
  event_id: label(200),
  timestamp: z.iso.datetime({ offset: true }),
  mode: lowerLabel.optional(),
  task: lowerLabel.optional(),
  user: label(200).optional(),
  session: label(200).optional(),
  turn: z.number().int().min(1).max(1_000_000).optional(),
  provider: lowerLabel,
  model: label(200),
  requested_model: label(200).optional(),
  routing: z
    .object({
      rule_id: label(200).optional(),
      version: z.number().int().min(0).optional(),
      tier: lowerLabel.optional(),
    })
    .optional(),
  usage: z.object({
    input_tokens: tokens,
    cache_read_tokens: tokens.default(0),
    cache_write_5m_tokens: tokens.default(0),
    cache_write_1h_tokens: tokens.default(0),
    output_tokens: tokens,
    reasoning_tokens: tokens.default(0),
  }),
  latency_ms: z.number().int().min(0).max(86_400_000).optional(),
  ttft_ms: z.number().int().min(0).max(86_400_000).optional(),
  status: lowerLabel.default('ok'),
  /** What the sender says it paid, in micro-dollars (1 USD = 1,000,000). */
  reported_cost_micros: z.number().int().min(0).max(1_000_000_000_000).optional(),
  outcome: z
    .object({
      success: z.boolean().optional(),
      score: z.number().min(0).max(1).optional(),
      feedback: z.string().max(500).optional(),
    })
    .optional(),
  tags: z
    .record(z.string().min(1).max(64), z.string().max(256))
    .refine((t) => Object.keys(t).length <= 32, 'At most 32 tags.')
    .optional(),
});

export type UsageEventInput = z.output<typeof usageEventSchema>;
