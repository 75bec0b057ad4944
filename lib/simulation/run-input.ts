/**
 * What a person asks a simulation run for (page, server action, management API): the candidate table,
 * quick edits on top of it, the period (local calendar days of the organisation, both included), the
 * projects and the options. Parsed with zod at every edge; `resolvePeriod` turns the days into instants.
 */
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { type RoutingDocument, tierNameSchema } from '@/lib/routing/document';
import type { RoutingIssue } from '@/lib/routing/issues';
import { parseRoutingDocument } from '@/lib/routing/parse';
import { addDays, compareDates, formatCalendarDate, parseCalendarDate, startOfLocalDay } from '@/lib/time/zoned';
import { overrideRuleId, overrideRules } from './frontier';
import { simulationOptionsSchema } from './options';

export const EXAMPLE_DOCUMENTS = {
  'demo-v1': { label: 'Example: demo routing v1', document: DEMO_ROUTING_V1 },
  'demo-v2': { label: 'Example: demo routing v2 (the mode table)', document: DEMO_ROUTING_V2 },
} as const;
export type ExampleName = keyof typeof EXAMPLE_DOCUMENTS;

export const candidateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('published') }),
  z.strictObject({ kind: z.literal('version'), version: z.coerce.number().int().min(1) }),
  z.strictObject({ kind: z.literal('draft'), id: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('example'), name: z.enum(Object.keys(EXAMPLE_DOCUMENTS) as [ExampleName, ...ExampleName[]]) }),
  /** A routing document given inline (JSON text or an object), validated like a save. */
  z.strictObject({ kind: z.literal('document'), document: z.unknown() }),
]);
export type CandidateChoice = z.infer<typeof candidateSchema>;

/** "code → balanced": a first rule sending the mode's routed traffic to the tier. */
export const modeEditSchema = z.strictObject({
  mode: z.string().trim().toLowerCase().pipe(z.string().min(1).max(100)),
  tier: tierNameSchema,
});
export type ModeEdit = z.infer<typeof modeEditSchema>;

const calendarDay = z
  .string()
  .refine((s) => parseCalendarDate(s) !== null, 'Use a date such as 2026-03-01.')
  .describe('A calendar day in the organisation’s time zone (YYYY-MM-DD).');

export const MAX_PERIOD_DAYS = 400;

export const simulationRunInputSchema = z.strictObject({
  candidate: candidateSchema,
  edits: z.array(modeEditSchema).max(20).default([]),
  period: z
    .strictObject({ from: calendarDay, to: calendarDay })
    .refine((p) => compareDates(parseCalendarDate(p.from)!, parseCalendarDate(p.to)!) <= 0, {
      message: 'The period ends before it starts.',
      path: ['to'],
    }),
  /** Project ids or slugs; none: every project. */
  projects: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  options: simulationOptionsSchema.default({
    cache: 'lost-when-moved',
    metric: 'success',
    minOutcomes: 20,
    confidence: 0.95,
    topSessions: 10,
  }),
  /** Copy candidate, edits, projects and options from an earlier run (the given fields win). */
  rerunOf: z.uuid().optional(),
});
export type SimulationRunInput = z.infer<typeof simulationRunInputSchema>;

/** The candidate document with the quick edits placed first (an earlier edit of the same mode is replaced). */
export function applyModeEdits(document: RoutingDocument, edits: readonly ModeEdit[]): RoutingDocument {
  if (edits.length === 0) return document;
  const assignment = Object.fromEntries(edits.map((e) => [e.mode, e.tier]));
  const replaced = new Set(Object.keys(assignment).map(overrideRuleId));
  const rules = [...overrideRules(assignment), ...document.rules.filter((r) => !replaced.has(r.id))];
  return { ...document, rules };
}

export function describeEdits(edits: readonly ModeEdit[]): string {
  return edits.map((e) => `${e.mode} → ${e.tier}`).join(', ');
}

/** Validates a document (inline or edited) as a save would; refusals name the issues (`bad_request:simulation`). */
export function validCandidateDocument(input: unknown, what: string): RoutingDocument {
  const parsed = parseRoutingDocument(input);
  if (!parsed.ok)
    throw new AppError('bad_request:simulation', `${what} is not a valid routing document.`, {
      fields: { candidate: formatRoutingIssues(parsed.issues) },
    });
  return parsed.document;
}

/** Routing issues as field messages: `/rules/0/route/tier: No tier "x" in this document.` (errors only). */
export function formatRoutingIssues(issues: readonly RoutingIssue[]): string[] {
  return issues.filter((i) => i.severity === 'error').map((i) => `${i.path || '/'}: ${i.message} (${i.code})`);
}

export interface ResolvedPeriod {
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
}

/** Local days → [start of `from`, start of the day after `to`), the end clamped to `now`. */
export function resolvePeriod(period: { from: string; to: string }, timeZone: string, now: Date): ResolvedPeriod {
  const fromDay = parseCalendarDate(period.from)!;
  const toDay = parseCalendarDate(period.to)!;
  const from = startOfLocalDay(fromDay, timeZone);
  const end = startOfLocalDay(addDays(toDay, 1), timeZone);
  const to = end.getTime() > now.getTime() ? now : end;
  if (Math.round((end.getTime() - from.getTime()) / 86_400_000) > MAX_PERIOD_DAYS)
    throw new AppError('bad_request:simulation', `A simulation covers at most ${MAX_PERIOD_DAYS} days.`, {
      fields: { 'period.to': [`At most ${MAX_PERIOD_DAYS} days.`] },
    });
  return { from, to, fromDay: formatCalendarDate(fromDay), toDay: formatCalendarDate(toDay) };
}
