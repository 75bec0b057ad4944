import 'server-only';
/**
 * The `simulation` job kind (ADR 0012, ADR 0014): executes a saved run, its progress (slices read of all) on the
 * run and on the job. Resumable: a run interrupted mid-way is executed again from the start (it writes only its
 * own row). One lane per run, so a run is never executed twice at once.
 */
import { z } from 'zod';
import { defineJobKind } from '../jobs/job-kind';
import { executeSimulationRun } from './execute-simulation-run';

export const simulationJob = defineJobKind({
  kind: 'simulation',
  params: z.object({ runId: z.uuid() }),
  resumable: true,
  lane: ({ runId }) => `simulation:${runId}`,
  run: async (job, { runId }) => {
    await executeSimulationRun(job, runId, (p) => job.progress(p));
  },
});
