/**
 * A budget as admins and members define it (DESIGN "Budgets"), validated with zod: every object strict (an
 * unknown key — a misspelt dimension — is refused, never ignored), values normalised the way ingestion stores
 * them (mode, task, provider and tier trimmed and lower-cased; user, model and tags kept as sent), sets
 * deduplicated and sorted so equal scopes compare equal.
 *
 *   name        1–100 characters
 *   scope       { project, mode, task, user, tier, model, provider: string[]; tags: { key: string[] } } — each a set
 *               of allowed values, empty or missing = any; several dimensions must all hold
 *   period      { kind: 'day' | 'week' | 'month' | 'quarter' } in the organisation's zone,
 *               or { kind: 'rolling', unit: 'hours' (1–2,160) | 'days' (1–366), length }
 *   amount      dollars, "1,500.00" or 1500 → amountMicros (exact; > $0 and ≤ $100,000,000)
 *   thresholds  percents, integers 1–1,000, strictly increasing, at most five; default [50, 80, 100]
 *   action      { kind: 'notify' } | { kind: 'downgrade', tier } (a known tier ranked below any scoped tier) | { kind: 'block' }
 *   channelIds  alert channels (ids), at most ten
 *   paused      a paused budget is shown but neither alerts nor acts
 *
 * `parseBudgetInput(input, context)` (shape first, then the context checks) returns the definition or an AppError
 * `bad_request:budget` whose fields map each path ("scope.tags.team", "thresholds.0") to messages, plus `issues`
 * with a stable code per path (BUDGET_ISSUE_CODES) for tests and clients. The context carries what only the database knows: the tiers in
 * order (most capable first) and, optionally, the project and channel ids that exist.
 */
import { z } from 'zod';
import { AppError, fieldErrorsOf } from '@/lib/errors';
import { AMOUNT_MESSAGES, type AmountIssue, microsToDollarString, parseDollarAmount } from './amount';
import { CALENDAR_UNITS, type PeriodSpec, ROLLING_LIMITS } from './periods';

export const SCOPE_DIMENSIONS = ['project', 'mode', 'task', 'user', 'tier', 'model', 'provider'] as const;
export type ScopeDimension = (typeof SCOPE_DIMENSIONS)[number];
/** Dimensions ingestion lower-cases (lib/ingest/event-schema.ts); project ids are lower-case UUIDs. */
export const LOWER_CASED_DIMENSIONS: ReadonlySet<ScopeDimension> = new Set(['project', 'mode', 'task', 'provider', 'tier']);

export type BudgetScope = Record<ScopeDimension, string[]> & { tags: Record<string, string[]> };
export type BudgetAction = { kind: 'notify' } | { kind: 'downgrade'; tier: string } | { kind: 'block' };

export interface BudgetDefinition {
  name: string;
  scope: BudgetScope;
  period: PeriodSpec;
  amountMicros: number;
  thresholds: number[];
  action: BudgetAction;
  channelIds: string[];
  paused: boolean;
}

export interface BudgetSchemaContext {
  /** Tier names, most capable first (the `tiers` table by position). */
  knownTiers: readonly string[];
  knownProjectIds?: readonly string[];
  knownChannelIds?: readonly string[];
}

export const DEFAULT_THRESHOLDS = [50, 80, 100] as const;
export const MAX_THRESHOLDS = 5;
export const MAX_SCOPE_VALUES = 100;
export const MAX_TAG_KEYS = 10;
export const MAX_CHANNELS = 10;
/** The explorer's tag key syntax without ':' (its URL writes `tag=key:value`, so a key cannot hold one). */
export const TAG_KEY_PATTERN = /^[A-Za-z0-9_.\-/]{1,64}$/;

export const BUDGET_ISSUE_CODES = [
  'invalid_type',
  'invalid_value',
  'too_small',
  'too_big',
  'unknown_key',
  ...(Object.keys(AMOUNT_MESSAGES) as AmountIssue[]),
  'thresholds_not_increasing',
  'rolling_length_out_of_range',
  'tag_key_invalid',
  'unknown_tier',
  'unknown_project',
  'unknown_channel',
  'downgrade_not_cheaper',
  /** A rolling window over a scope no hourly rollup holds (lib/budgets/record.ts rollingScopeIssue). */
  'rolling_scope_unsupported',
] as const;
export type BudgetIssueCode = (typeof BUDGET_ISSUE_CODES)[number];
export interface BudgetIssue {
  path: string;
  code: BudgetIssueCode;
  message: string;
}

const custom = (code: BudgetIssueCode, message: string, path: PropertyKey[] = []) => ({
  code: 'custom' as const,
  message,
  path,
  params: { budgetIssue: code },
  input: undefined,
});

function valueSet(dimension: ScopeDimension) {
  const max = dimension === 'user' || dimension === 'model' ? 200 : dimension === 'project' ? 36 : 100;
  const value = z.string({ error: 'Values are text.' }).trim().min(1, 'A value cannot be empty.').max(max, `At most ${max} characters.`);
  const item = dimension === 'project' ? z.guid('A project id is a UUID.') : value;
  return z
    .array(item, { error: 'A list of values.' })
    .max(MAX_SCOPE_VALUES, `At most ${MAX_SCOPE_VALUES} values.`)
    .default([])
    .transform((values) => normaliseValues(dimension, values));
}

export function normaliseValues(dimension: ScopeDimension, values: readonly string[]): string[] {
  const lower = LOWER_CASED_DIMENSIONS.has(dimension);
  return [...new Set(values.map((v) => (lower ? v.trim().toLowerCase() : v.trim())))].sort();
}

const tagValue = z.string({ error: 'Values are text.' }).min(1, 'A value cannot be empty.').max(200, 'At most 200 characters.');
const tagsSchema = z
  .record(
    z.string().superRefine((key, ctx) => {
      if (!TAG_KEY_PATTERN.test(key)) ctx.addIssue(custom('tag_key_invalid', 'Tag keys are 1–64 letters, digits or _ . - / (no colon).'));
    }),
    z
      .array(tagValue, { error: 'A list of values.' })
      .min(1, 'List at least one value (remove the key for any value).')
      .max(MAX_SCOPE_VALUES, `At most ${MAX_SCOPE_VALUES} values.`)
      .transform((values) => [...new Set(values)].sort()),
  )
  .default({})
  .superRefine((tags, ctx) => {
    if (Object.keys(tags).length > MAX_TAG_KEYS) ctx.addIssue(custom('too_big', `At most ${MAX_TAG_KEYS} tag keys.`));
  })
  .transform((tags) => Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1))));

export const scopeSchema = z.strictObject({
  project: valueSet('project'),
  mode: valueSet('mode'),
  task: valueSet('task'),
  user: valueSet('user'),
  tier: valueSet('tier'),
  model: valueSet('model'),
  provider: valueSet('provider'),
  tags: tagsSchema,
});

const periodSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.enum(CALENDAR_UNITS) }),
    z
      .strictObject({
        kind: z.literal('rolling'),
        unit: z.enum(['hours', 'days'], 'Rolling windows are in hours or days.'),
        length: z.number({ error: 'A whole number.' }).int('A whole number.'),
      })
      .superRefine((p, ctx) => {
        const { min, max } = ROLLING_LIMITS[p.unit];
        if (p.length < min || p.length > max)
          ctx.addIssue(
            custom('rolling_length_out_of_range', `A rolling window is ${min}–${max.toLocaleString('en-US')} ${p.unit}.`, ['length']),
          );
      }),
  ],
  { error: 'Choose day, week, month, quarter or rolling.' },
);

const amountSchema = z.union([z.string(), z.number()], { error: 'Enter an amount in dollars.' }).transform((input, ctx) => {
  const parsed = parseDollarAmount(input);
  if ('micros' in parsed) return parsed.micros;
  ctx.addIssue(custom(parsed.issue, AMOUNT_MESSAGES[parsed.issue]));
  return z.NEVER;
});

const thresholdsSchema = z
  .array(z.number({ error: 'A percentage.' }).int('Whole percents only.').min(1, 'At least 1 %.').max(1000, 'At most 1,000 %.'), {
    error: 'A list of percentages.',
  })
  .min(1, 'Give at least one threshold.')
  .max(MAX_THRESHOLDS, `At most ${MAX_THRESHOLDS} thresholds.`)
  .default([...DEFAULT_THRESHOLDS])
  .superRefine((list, ctx) => {
    if (list.some((t, i) => i > 0 && t <= list[i - 1]!))
      ctx.addIssue(custom('thresholds_not_increasing', 'Thresholds must be strictly increasing, each listed once.'));
  });

const actionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('notify') }),
    z.strictObject({ kind: z.literal('downgrade'), tier: z.string().trim().toLowerCase().min(1, 'Name the tier to route to.') }),
    z.strictObject({ kind: z.literal('block') }),
  ],
  { error: 'Choose notify, downgrade or block.' },
);

const baseSchema = z.strictObject(
  {
    name: z.string({ error: 'Give the budget a name.' }).trim().min(1, 'Give the budget a name.').max(100, 'At most 100 characters.'),
    scope: scopeSchema.default(() => scopeSchema.parse({})),
    period: periodSchema,
    amount: amountSchema,
    thresholds: thresholdsSchema,
    action: actionSchema.default({ kind: 'notify' }),
    channelIds: z
      .array(z.guid('A channel id is a UUID.'), { error: 'A list of channel ids.' })
      .max(MAX_CHANNELS, `At most ${MAX_CHANNELS} channels.`)
      .default([])
      .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
    paused: z.boolean({ error: 'true or false.' }).default(false),
  },
  { error: 'A budget is an object of fields.' },
);

/** The shape of a budget, without what only the database knows (tiers, projects, channels): a BudgetDefinition. */
export const budgetShapeSchema = baseSchema.transform(
  ({ amount, ...b }): BudgetDefinition => ({
    name: b.name,
    scope: b.scope,
    period: b.period,
    amountMicros: amount,
    thresholds: b.thresholds,
    action: b.action,
    channelIds: b.channelIds,
    paused: b.paused,
  }),
);

export type BudgetInput = z.input<typeof budgetShapeSchema>;

/**
 * Checks against the context, run once the shape is valid (so they never see half-parsed values). Values are
 * sorted and deduplicated by then, so issues name the list and the value, not an index.
 */
export function contextIssues(b: BudgetDefinition, context: BudgetSchemaContext): BudgetIssue[] {
  const tiers = context.knownTiers.map((t) => t.toLowerCase());
  const issues: BudgetIssue[] = [];
  const add = (path: string, code: BudgetIssueCode, message: string) => issues.push({ path, code, message });
  for (const t of b.scope.tier) if (!tiers.includes(t)) add('scope.tier', 'unknown_tier', `No tier named "${t}".`);
  if (context.knownProjectIds) {
    const known = new Set(context.knownProjectIds.map((p) => p.toLowerCase()));
    for (const p of b.scope.project) if (!known.has(p)) add('scope.project', 'unknown_project', `No project ${p}.`);
  }
  if (context.knownChannelIds) {
    const known = new Set(context.knownChannelIds.map((c) => c.toLowerCase()));
    for (const c of b.channelIds) if (!known.has(c)) add('channelIds', 'unknown_channel', `No alert channel ${c}.`);
  }
  if (b.action.kind === 'downgrade') {
    const rank = tiers.indexOf(b.action.tier);
    if (rank < 0) add('action.tier', 'unknown_tier', `No tier named "${b.action.tier}".`);
    else if (b.scope.tier.some((t) => tiers.includes(t) && tiers.indexOf(t) >= rank))
      add('action.tier', 'downgrade_not_cheaper', 'Downgrade to a tier below every tier the budget covers.');
  }
  return issues;
}

export type BudgetParseResult = { ok: true; budget: BudgetDefinition } | { ok: false; error: AppError; issues: BudgetIssue[] };

export function parseBudgetInput(input: unknown, context: BudgetSchemaContext): BudgetParseResult {
  const parsed = budgetShapeSchema.safeParse(input);
  const issues = parsed.success ? contextIssues(parsed.data, context) : parsed.error.issues.flatMap(toBudgetIssues);
  if (parsed.success && issues.length === 0) return { ok: true, budget: parsed.data };
  return { ok: false, error: budgetIssuesError(issues), issues };
}

/** The refusal of a budget: messages per field path, and each issue with its stable code (`issues`). */
export function budgetIssuesError(issues: readonly BudgetIssue[]): AppError {
  return new AppError('bad_request:budget', 'Some fields of the budget are not valid.', {
    fields: fieldErrorsOf(issues.map((i) => ({ path: i.path === '_' ? [] : i.path.split('.'), message: i.message }))),
    issues: issues.map((i) => ({ ...i })),
  });
}

/** The definition, or throws `bad_request:budget` (for services: `const budget = budgetOrThrow(input, ctx)`). */
export function budgetOrThrow(input: unknown, context: BudgetSchemaContext): BudgetDefinition {
  const result = parseBudgetInput(input, context);
  if (!result.ok) throw result.error;
  return result.budget;
}

function toBudgetIssues(issue: z.core.$ZodIssue): BudgetIssue[] {
  const path = issue.path.map(String).join('.') || '_';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...issue.path.map(String), key].join('.'),
        code: 'unknown_key' as const,
        message: 'Unknown field.',
      }));
    case 'custom': {
      const code = (issue.params as { budgetIssue?: BudgetIssueCode } | undefined)?.budgetIssue ?? 'invalid_value';
      return [{ path, code, message: issue.message }];
    }
    case 'invalid_type':
    case 'too_small':
    case 'too_big':
      return [{ path, code: issue.code, message: issue.message }];
    case 'invalid_key': // a record key that failed its own check: report that check under the key's path
      return issue.issues.flatMap((inner) => toBudgetIssues({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue));
    default:
      return [{ path, code: 'invalid_value', message: issue.message }];
  }
}

/** The form value of a definition (the inverse of parsing, for edit forms and exports). */
export function budgetToInput(budget: BudgetDefinition): BudgetInput {
  const { amountMicros, ...rest } = budget;
  return { ...rest, amount: microsToDollarString(amountMicros) };
}
