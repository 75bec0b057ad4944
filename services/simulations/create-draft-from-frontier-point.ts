import 'server-only';
/**
 * A frontier point opened as a routing draft (ADR 0012): the run's frontier base (the document its quick edits were
 * made on, or the candidate itself) with the point's "mode → tier" choices placed first as quick-edit rules, saved
 * through the routing draft service (which checks `routing:edit` and validates the document).
 */
import { z } from 'zod';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { Frontier } from '@/lib/simulation/frontier';
import { applyModeEdits } from '@/lib/simulation/run-input';
import type { ServiceContext } from '../context';
import { createRoutingDraft } from '../routing/create-routing-draft';
import type { StoredSimulationInputs } from './execute-simulation-run';
import { getSimulationRun } from './get-simulation-run';

const schema = z.strictObject({ runId: z.string().min(1).max(100), point: z.string().min(1).max(2_000) });

export async function createDraftFromFrontierPoint(ctx: ServiceContext, input: unknown): Promise<{ draftId: string }> {
  assertCan(ctx.actor, 'routing:edit');
  const { runId, point: pointId } = parseInput(schema, input, 'simulation');
  const run = await getSimulationRun(ctx, { id: runId });
  const frontier = (run.result as { frontier?: Frontier | null } | null)?.frontier;
  const point = frontier?.points.find((p) => p.kind === 'candidate' && p.id === pointId);
  if (!point) throw new AppError('not_found:simulation', 'This run has no such frontier point.', { fields: { point: ['No such point.'] } });
  const inputs = run.inputs as unknown as StoredSimulationInputs;
  const base = inputs.candidate.baseDocument ?? inputs.candidate.document;
  const edits = Object.entries(point.assignment)
    .filter(([, choice]) => choice !== 'base')
    .map(([mode, tier]) => ({ mode, tier }));
  const draft = await createRoutingDraft(ctx, {
    name: `${run.label}: ${point.id === 'base' ? 'as is' : point.id.replaceAll('=', ' → ').replaceAll(',', ', ')}`.slice(0, 200),
    document: applyModeEdits(base, edits),
  });
  return { draftId: draft.id };
}
