'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { simulationRunInputSchema } from '@/lib/simulation/run-input';
import { defineAction } from '@/server/actions/define-action';
import { createDraftFromFrontierPoint } from '@/services/simulations/create-draft-from-frontier-point';
import { deleteSimulationRun } from '@/services/simulations/delete-simulation-run';
import { runSimulation } from '@/services/simulations/run-simulation';

/** Queues a simulation and answers the run's id; the page then opens its URL, which follows its progress. */
export const runSimulationAction = defineAction(
  'simulations:run',
  z.union([simulationRunInputSchema, z.strictObject({ rerunOf: z.uuid(), period: z.strictObject({ from: z.string(), to: z.string() }) })]),
  async (input, ctx) => {
    const run = await runSimulation(ctx, input);
    revalidatePath('/simulate');
    return { id: run.id, status: run.status, error: run.error };
  },
  'simulation',
);

export const deleteSimulationRunAction = defineAction(
  'simulations:run',
  z.strictObject({ id: z.uuid() }),
  async (input, ctx) => {
    await deleteSimulationRun(ctx, input);
    revalidatePath('/simulate');
    return { id: input.id };
  },
  'simulation',
);

/** A frontier point as a new routing draft; the page opens it in the Routing editor. */
export const openFrontierPointAsDraftAction = defineAction(
  'routing:edit',
  z.strictObject({ runId: z.uuid(), point: z.string().min(1).max(2_000) }),
  async (input, ctx) => {
    const { draftId } = await createDraftFromFrontierPoint(ctx, input);
    revalidatePath('/routing');
    return { draftId };
  },
  'simulation',
);
