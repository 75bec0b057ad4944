/**
 * The usage event as clients send it (JSON field names), validated with zod. docs/api/usage-event.schema.json
 * is the same contract as JSON Schema, and a test keeps the two in step.
 */
import { z } from 'zod';

export const MAX_TOKENS = 100_000_000;
/** Tags are a small map: every tag map fits a rollup key (lib/ingest/rollup-grains.ts TAG_SET_MAX_TEXT_BYTES). */
export const MAX_TAGS_JSON_BYTES = 1024;
const utf8 = new TextEncoder();
const tokens = z.number().int().min(0).max(MAX_TOKENS);
const label = (max: number) => z.string().trim().min(1).max(max);
// An in-place check (no transform pipe): the same result, markedly cheaper per event on the hot path.
const lowerLabel = label(100).toLowerCase();

export const usageEventSchema = z.object({
  event_id: label(200).describe(
    'Chosen by the sender; the idempotency key within the project. A re-sent id is a duplicate, never an overwrite.',
  ),
  timestamp: z.iso
    .datetime({ offset: true })
    .describe(
      'When the request started (RFC 3339 with offset). Prices are those in force at this time. ' +
        'At most 5 minutes ahead, and within the late-arrival window (35 days by default).',
    ),
  mode: lowerLabel
    .optional()
    .describe("The agent's mode: plan, architect, code, debug, ask, orchestrator, … (free text, lower-cased). The primary routing signal."),
  task: lowerLabel.optional().describe('Finer task type: refactor, test-gen, summarize, … (lower-cased).'),
  user: label(200).optional().describe('Who made the request (your own user id).'),
  session: label(200).optional().describe('The agent session this request belongs to.'),
  turn: z.number().int().min(1).max(1_000_000).optional().describe('Which step of the session (1, 2, …).'),
  provider: lowerLabel.describe('Provider that served the request: anthropic, openai, google, … (lower-cased).'),
  model: label(200).describe('Model that actually served the request, as the provider names it.'),
  requested_model: label(200)
    .optional()
    .describe('What the caller asked for (auto, a tier alias, or a model). Differs from model when a router decided.'),
  routing: z
    .object({
      rule_id: label(200).optional(),
      version: z.number().int().min(0).optional(),
      tier: lowerLabel.optional(),
    })
    .optional(),
  usage: z.object({
    input_tokens: tokens.describe('Total prompt tokens, including cache reads and writes.'),
    cache_read_tokens: tokens.default(0).describe('Part of input_tokens read from the prompt cache.'),
    cache_write_5m_tokens: tokens.default(0).describe('Part of input_tokens written to a 5-minute cache.'),
    cache_write_1h_tokens: tokens.default(0).describe('Part of input_tokens written to a 1-hour cache.'),
    output_tokens: tokens.describe('Total completion tokens, including reasoning tokens.'),
    reasoning_tokens: tokens.default(0).describe('Part of output_tokens spent reasoning.'),
  }),
  latency_ms: z.number().int().min(0).max(86_400_000).optional().describe('Total request time in milliseconds.'),
  ttft_ms: z.number().int().min(0).max(86_400_000).optional().describe('Time to first token in milliseconds.'),
  status: lowerLabel.default('ok').describe('ok, error, cancelled, … (lower-cased).'),
  /** What the sender says it paid, in micro-dollars (1 USD = 1,000,000). */
  reported_cost_micros: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000_000)
    .optional()
    .describe(
      'What the sender says it paid, in micro-dollars (1 USD = 1,000,000). Kept beside the computed cost; large differences are flagged.',
    ),
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
    .refine(
      (t) => utf8.encode(JSON.stringify(t)).length <= MAX_TAGS_JSON_BYTES,
      `At most ${MAX_TAGS_JSON_BYTES.toLocaleString('en-US')} bytes of tags (as JSON).`,
    )
    .optional()
    .describe(
      'A small string map for anything else (team, feature, environment): ' +
        `at most 32 tags and ${MAX_TAGS_JSON_BYTES.toLocaleString('en-US')} bytes as JSON.`,
    ),
});

export type UsageEventInput = z.output<typeof usageEventSchema>;
