/**
 * The routing document as admins edit it and gateways pull it, validated with zod.
 * docs/api/routing-document.schema.json is the same contract as JSON Schema (a test keeps them equal).
 * Tests are sets of literal values or integer ranges, never patterns: nothing in a document can run away.
 */
import { z } from 'zod';
import { slugSchema } from '@/lib/projects/slug';

export const ROUTING_LIMITS = {
  /** UTF-8 bytes of the document as JSON. */
  maxBytes: 1_048_576,
  maxRules: 500,
  maxTiers: 20,
  maxModelsPerTier: 10,
  maxFallbacks: 10,
  maxValuesPerTest: 100,
  maxTagTests: 16,
} as const;

export const BUDGET_STATES = ['ok', 'warning', 'exceeded'] as const;
export type BudgetState = (typeof BUDGET_STATES)[number];
export const REASONING_EFFORTS = ['low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** `provider/model`: the provider as Switchyard names it (lower-cased), then the model as the provider names it. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*\/\S+$/;
const lowerProvider = (id: string) => {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash).toLowerCase() + id.slice(slash);
};
export const modelIdSchema = z
  .string()
  .max(200)
  .regex(MODEL_ID_PATTERN, 'Use provider/model, e.g. anthropic/claude-sonnet-4-5.')
  .overwrite(lowerProvider)
  .describe('provider/model, e.g. anthropic/claude-sonnet-4-5 (the provider is lower-cased).');

export const tierNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use 1–40 lower-case letters, digits, dashes or underscores.');
export const ruleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Use 1–64 lower-case letters, digits, dots, dashes or underscores.');

const label = (max: number) => z.string().trim().min(1).max(max);
/** Lower-cased in place, as ingestion stores mode and task (lib/ingest/event-schema.ts). */
const lowerLabel = (max: number) => label(max).toLowerCase();
const valueSet = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(ROUTING_LIMITS.maxValuesPerTest);

export const tokenRangeSchema = z
  .strictObject({
    gte: z.number().int().min(0).optional().describe('At least this many input tokens.'),
    lt: z.number().int().min(1).optional().describe('Fewer than this many input tokens.'),
  })
  .refine((r) => r.gte !== undefined || r.lt !== undefined, 'Give gte, lt or both.')
  .describe('Estimated input tokens in [gte, lt). A request without an estimate fails this test.');

export const budgetTestSchema = z
  .strictObject({
    state: valueSet(z.enum(BUDGET_STATES)).describe('Allowed states of the worst budget in scope.'),
    budgets: valueSet(label(200)).optional().describe('Budget ids in scope; omitted: every budget that matches the request.'),
  })
  .describe(
    'Holds when the worst state (ok < warning < exceeded) of the budgets in scope that match the request is one of `state`; ' +
      'with no matching budget in scope the state is ok.',
  );

export const whenSchema = z
  .strictObject({
    mode: valueSet(lowerLabel(100)).optional().describe("The agent's mode (lower-cased): plan, architect, code, debug, ask, …"),
    task: valueSet(lowerLabel(100)).optional().describe('The finer task type (lower-cased).'),
    project: valueSet(slugSchema).optional().describe('Project slugs.'),
    user: valueSet(label(200)).optional().describe('User ids, as the events carry them (case-sensitive).'),
    tags: z
      .record(z.string().min(1).max(64), valueSet(z.string().max(256)))
      .refine((t) => Object.keys(t).length <= ROUTING_LIMITS.maxTagTests, `At most ${ROUTING_LIMITS.maxTagTests} tag keys.`)
      .optional()
      .describe('Per tag key, the allowed values (case-sensitive); every key listed must hold.'),
    requestedModel: valueSet(lowerLabel(200))
      .optional()
      .describe('What the caller asked for (lower-cased): auto, switchyard/<tier> or a model name. No model asked for counts as auto.'),
    inputTokens: tokenRangeSchema.optional(),
    budget: budgetTestSchema.optional(),
  })
  .describe('Every test listed must hold; a test that is absent allows anything. The default rule has an empty `when`.');

export const routeSchema = z
  .union(
    [
      z.strictObject({ tier: tierNameSchema.describe('A tier of this document: its first model, then the rest as fallbacks.') }),
      z.strictObject({ model: modelIdSchema }),
    ],
    { error: 'Give exactly one of "tier" (a tier of this document) or "model" (provider/model).' },
  )
  .describe('A tier of this document or one model.');

export const ruleSchema = z.strictObject({
  id: ruleIdSchema.describe('Unique within the document and stable across versions (diffs and usage events name it).'),
  description: z.string().max(500).optional(),
  when: whenSchema,
  route: routeSchema,
  fallbacks: z
    .array(modelIdSchema)
    .max(ROUTING_LIMITS.maxFallbacks)
    .optional()
    .describe("Tried in order after the route's own models (a tier's other models come first)."),
  reasoningEffort: z.enum(REASONING_EFFORTS).optional().describe('Reasoning effort to ask the routed model for.'),
});

export const routingDocumentSchema = z.strictObject({
  $schema: z.string().max(500).optional().describe('Optional, for editors: the URL of this JSON Schema.'),
  tiers: z
    .record(tierNameSchema, z.array(modelIdSchema).max(ROUTING_LIMITS.maxModelsPerTier))
    .refine((t) => Object.keys(t).length <= ROUTING_LIMITS.maxTiers, `At most ${ROUTING_LIMITS.maxTiers} tiers.`)
    .describe('Tier → ordered models: the first is the primary, the rest its fallbacks.'),
  rules: z
    .array(ruleSchema)
    .max(ROUTING_LIMITS.maxRules)
    .describe('Ordered; the first rule whose tests all hold decides. The last rule is the default: an empty `when`.'),
});

export type RoutingDocument = z.output<typeof routingDocumentSchema>;
export type RoutingDocumentInput = z.input<typeof routingDocumentSchema>;
export type RoutingRule = RoutingDocument['rules'][number];
export type RuleWhen = RoutingRule['when'];
export type RuleRoute = RoutingRule['route'];
export type TokenRange = NonNullable<RuleWhen['inputTokens']>;
export type BudgetTest = NonNullable<RuleWhen['budget']>;

/** The set-valued tests, in the order traces and diffs list them. */
export const SET_TESTS = ['mode', 'task', 'project', 'user', 'requestedModel'] as const;
export type SetTest = (typeof SET_TESTS)[number];

/** A rule with no test at all: the default. */
export function isEmptyWhen(when: RuleWhen): boolean {
  for (const k of SET_TESTS) if (when[k] !== undefined) return false;
  if (when.tags && Object.keys(when.tags).length > 0) return false;
  return when.inputTokens === undefined && when.budget === undefined;
}
