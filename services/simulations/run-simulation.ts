import 'server-only';
/**
 * Runs a what-if simulation (DESIGN.md "Simulation"): validates the request, resolves the candidate, checks
 * the period against the raw events still kept, saves the run (who, when, inputs) and queues it as a `simulation`
 * job (services/simulations/simulation-job.ts); the run is followed through `getSimulationRun` (status,
 * processed / total) and carries its result when done.
 */
import { recordAudit } from '@/db/queries/audit';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { getSimulationRunById, hasEvents, insertSimulationRun, resolveProjectRefs } from '@/db/queries/simulation';
import type { SimulationRunRow } from '@/db/tables/simulation';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { resolvePeriod, simulationRunInputSchema } from '@/lib/simulation/run-input';
import type { ServiceContext } from '../context';
import { enqueueJob } from '../jobs/enqueue-job';
import type { StoredSimulationInputs } from './execute-simulation-run';
import { getSimulationKeptRange } from './get-simulation-kept-range';
import { resolveSimulationCandidate } from './resolve-simulation-candidate';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A re-run: the earlier run's request, with whatever this one gives (usually another period) on top. */
async function withRerun(ctx: ServiceContext, input: unknown): Promise<unknown> {
  if (!isObject(input) || typeof input.rerunOf !== 'string') return input;
  const earlier = /^[0-9a-f-]{36}$/i.test(input.rerunOf) ? await getSimulationRunById(ctx.db, input.rerunOf) : undefined;
  if (!earlier)
    throw new AppError('not_found:simulation', 'The run to re-run does not exist (it may have been deleted).', {
      fields: { rerunOf: ['No such run.'] },
    });
  const request = (earlier.inputs as unknown as StoredSimulationInputs).request;
  return { ...request, ...input };
}

export async function runSimulation(ctx: ServiceContext, input: unknown): Promise<SimulationRunRow> {
  assertCan(ctx.actor, 'simulations:run');
  const raw = await withRerun(ctx, input);
  const request = parseInput(simulationRunInputSchema, raw, 'simulation');
  const timeZone = await getOrgTimeZone(ctx.db);
  const period = resolvePeriod(request.period, timeZone, ctx.now);
  const kept = await getSimulationKeptRange(ctx);
  const today = kept.to;
  const keptFrom = kept.from;
  if (keptFrom === null)
    throw new AppError('bad_request:simulation', 'No requests have been recorded yet: there is nothing to replay.', {
      fields: { period: ['No raw events are kept.'] },
    });
  if (request.period.from < keptFrom || request.period.from > today)
    throw new AppError('bad_request:simulation', `Raw events are kept from ${keptFrom} to ${today}; choose a period inside that range.`, {
      fields: { 'period.from': [`Raw events are kept from ${keptFrom} to ${today}.`], keptFrom: [keptFrom], keptTo: [today] },
    });

  const refs = await resolveProjectRefs(ctx.db, request.projects);
  const unknown = refs.filter((r) => r.project === null).map((r) => r.ref);
  if (unknown.length > 0)
    throw new AppError('bad_request:simulation', 'Some projects do not exist.', {
      fields: { projects: unknown.map((u) => `Unknown project "${u}".`) },
    });
  const projects = [...new Map(refs.map((r) => [r.project!.id, r.project!])).values()];

  const candidate = await resolveSimulationCandidate(ctx, { candidate: request.candidate, edits: request.edits });
  if (!(await hasEvents(ctx.db, { from: period.from, to: period.to, projectIds: projects.map((p) => p.id) })))
    throw new AppError('bad_request:simulation', 'No requests were recorded in this period for these projects.', {
      fields: { period: ['No requests in this period.'] },
    });

  const inputs: StoredSimulationInputs = {
    request: { ...request, rerunOf: undefined },
    candidate,
    period: { from: period.from.toISOString(), to: period.to.toISOString(), fromDay: period.fromDay, toDay: period.toDay, timeZone },
    projects,
    options: request.options,
  };
  const actor = ctx.actor;
  // The run, its audit entry and its job at once: a run is never saved without the job that executes it.
  return ctx.db.transaction(async (db) => {
    const run = await insertSimulationRun(db, {
      createdBy: actor.kind === 'user' ? actor.userId : null,
      createdByEmail: actor.kind === 'user' ? actor.email : `system:${actor.name}`,
      inputs: inputs as unknown as Record<string, unknown>,
      label: candidate.label,
      total: 0,
    });
    await recordAudit(db, {
      actor,
      action: 'simulation.run',
      targetType: 'simulation_run',
      targetId: run.id,
      details: {
        label: candidate.label,
        from: period.fromDay,
        to: period.toDay,
        projects: projects.map((p) => p.slug),
        rerunOf: request.rerunOf ?? null,
      },
    });
    await enqueueJob({ ...ctx, db }, { kind: 'simulation', params: { runId: run.id } });
    return run;
  });
}
