'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { simulationRunInputSchema } from '@/lib/simulation/run-input';
import { defineAction } from '@/server/actions/define-action';
import { deleteSimulationRun } from '@/services/simulations/delete-simulation-run';
import { runSimulation } from '@/services/simulations/run-simulation';

/** Runs a simulation (inline for now) and answers the run's id; the page then opens its URL. */
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
