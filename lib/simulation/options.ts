/**
 * What a person chooses for a simulation or a savings report, as zod schemas: services parse input with
 * them (bad input → `bad_request:simulation` / `bad_request:savings` with field errors, never a 500).
 */
import { z } from 'zod';
import { AppError, fieldErrorsOf } from '@/lib/errors';
import { DEFAULT_MIN_OUTCOMES, QUALITY_METRICS } from './quality';
import { DEFAULT_TOP_SESSIONS } from './replay';
import { CACHE_ASSUMPTIONS } from './types';

export const CONFIDENCE_LEVELS = [0.9, 0.95, 0.99] as const;

export const simulationOptionsSchema = z.strictObject({
  /** "Assume the new model caches as well" is `kept-when-moved`. */
  cache: z.enum(CACHE_ASSUMPTIONS).default('lost-when-moved'),
  metric: z.enum(QUALITY_METRICS).default('success'),
  minOutcomes: z.int().min(1).max(100_000).default(DEFAULT_MIN_OUTCOMES),
  confidence: z
    .number()
    .refine((c) => (CONFIDENCE_LEVELS as readonly number[]).includes(c), 'Use 0.9, 0.95 or 0.99.')
    .default(0.95),
  topSessions: z.int().min(0).max(100).default(DEFAULT_TOP_SESSIONS),
});
export type SimulationOptions = z.infer<typeof simulationOptionsSchema>;

const modelId = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/\S+$/, 'Use provider/model, e.g. anthropic/claude-sonnet-4-5.');

/** The baseline as chosen; the service resolves a version to its router and a tier to its models. */
export const baselineChoiceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('requested') }),
  z.strictObject({ kind: z.literal('pinned'), model: modelId }),
  z.strictObject({ kind: z.literal('version'), version: z.int().min(1) }),
  z.strictObject({ kind: z.literal('tier'), tier: z.string().min(1).max(40) }),
]);
export type BaselineChoice = z.infer<typeof baselineChoiceSchema>;

export function parseSimulationOptions(input: unknown): SimulationOptions {
  const parsed = simulationOptionsSchema.safeParse(input ?? {});
  if (!parsed.success)
    throw new AppError('bad_request:simulation', 'These simulation options are not valid.', { fields: fieldErrorsOf(parsed.error.issues) });
  return parsed.data;
}

export function parseBaselineChoice(input: unknown): BaselineChoice {
  const parsed = baselineChoiceSchema.safeParse(input);
  if (!parsed.success) throw new AppError('bad_request:savings', 'Choose a baseline.', { fields: fieldErrorsOf(parsed.error.issues) });
  return parsed.data;
}

/** `provider/model` → ModelRef (the provider lower-cased, as routing documents spell it). */
export function modelRefOf(id: string): { provider: string; model: string } {
  const slash = id.indexOf('/');
  return { provider: id.slice(0, slash).toLowerCase(), model: id.slice(slash + 1) };
}
