import 'server-only';
/**
 * The body of a simulation run (ADR 0012): reads the run's inputs, plans the grouping, streams the grouped
 * rows page by page through the candidate (and the frontier's replays), saves the result. The body of the
 * scheduler's job kind `simulation` ({ runId }, simulation-job.ts). Rows come from the daily savings rollup for
 * whole days when it can answer the candidate, from raw events otherwise (lib/simulation/scan-plan.ts); the
 * sessions widget reads the period's costliest sessions only (SESSION_SCOPE). Progress: slices read of all.
 */
import { loadPricingConfig } from '@/db/queries/pricing-config';
import { getDailyRollupZone } from '@/db/queries/org-settings';
import { getSimulationRunById, replayRowPages, SESSION_SCOPE, scanPages, servedModels, updateSimulationRun } from '@/db/queries/simulation';
import type { SimulationRunRow } from '@/db/tables/simulation';
import { assertCan } from '@/lib/auth/guard';
import { AppError, toAppError } from '@/lib/errors';
import type { RoutingDocument } from '@/lib/routing/document';
import { createPricer } from '@/lib/pricing/pricer';
import { groupingBoundaries } from '@/lib/simulation/group';
import type { SimulationOptions } from '@/lib/simulation/options';
import { candidateShapeOf, routerForDocument, tierModelsOf } from '@/lib/simulation/routing-adapter';
import { runReplay } from '@/lib/simulation/run';
import { planScan, ROLLUP_INPUT_BANDS, summarizeScan } from '@/lib/simulation/scan-plan';
import type { ServiceContext } from '../context';

/** What `runSimulation` stores in `inputs` and this function reads back. */
export interface StoredSimulationInputs {
  request: Record<string, unknown>;
  candidate: { label: string; document: RoutingDocument; baseDocument: RoutingDocument | null; version: number | null };
  period: { from: string; to: string; fromDay: string; toDay: string; timeZone: string };
  projects: { id: string; slug: string; name: string }[];
  options: SimulationOptions;
}

export type Progress = (p: { processed: number; total: number }) => void | Promise<void>;

export async function executeSimulationRun(ctx: ServiceContext, runId: string, progress?: Progress): Promise<SimulationRunRow> {
  assertCan(ctx.actor, 'simulations:run');
  const run = await getSimulationRunById(ctx.db, runId);
  if (!run) throw new AppError('not_found:simulation', 'This simulation run does not exist (it may have been deleted).');
  const inputs = run.inputs as unknown as StoredSimulationInputs;
  const started = performance.now();
  await updateSimulationRun(ctx.db, runId, { status: 'running', startedAt: new Date() });
  try {
    const period = { from: new Date(inputs.period.from), to: new Date(inputs.period.to) };
    const projectIds = inputs.projects.map((p) => p.id);
    const pricing = await loadPricingConfig(ctx.db);
    const pricer = createPricer(pricing);
    const served = await servedModels(ctx.db, { fromDay: inputs.period.fromDay, toDay: inputs.period.toDay, projectIds });
    const { document, baseDocument } = inputs.candidate;
    const base = baseDocument ?? document;
    const plan = groupingBoundaries({
      period,
      timeZone: inputs.period.timeZone,
      candidates: [candidateShapeOf(document), ...(baseDocument ? [candidateShapeOf(baseDocument)] : [])],
      models: served,
      pricer,
      pricing,
    });
    const scan = planScan(plan, { bands: ROLLUP_INPUT_BANDS, rollupZone: await getDailyRollupZone(ctx.db, period.from) });
    const candidate = routerForDocument(document, inputs.candidate.version ?? 0);
    const routers = { candidate, base: baseDocument ? routerForDocument(base) : candidate, tiers: tierModelsOf(base) };
    const slices = plan.timeBounds.length - 1;
    const sessions = inputs.options.topSessions > 0;
    const total = sessions ? slices + 1 : slices;
    const report = async (processed: number) => {
      await updateSimulationRun(ctx.db, runId, { processed, total });
      await progress?.({ processed, total });
    };
    const out = await runReplay({
      plan: scan.plan,
      pricer,
      routers,
      cache: inputs.options.cache,
      quality: { minOutcomes: inputs.options.minOutcomes, confidence: inputs.options.confidence },
      metric: inputs.options.metric,
      topSessions: inputs.options.topSessions,
      pages: scanPages(ctx.db, { scan, projectIds }, (done) => report(done)),
      // One page: the costliest sessions of the whole period, read through the primary key.
      sessionPages: () =>
        replayRowPages(ctx.db, { plan: scan.plan, projectIds, bySession: true, slicesPerPage: Number.POSITIVE_INFINITY }, () =>
          report(slices + 1),
        ),
    });
    const result = {
      simulation: out.simulation,
      frontier: out.frontier,
      plan: {
        days: plan.sliceDays.slice(1),
        slices,
        inputTokenBounds: scan.plan.inputTokenBounds,
        keys: plan.keys,
        scan: summarizeScan(scan),
        sessionScope: SESSION_SCOPE,
      },
      stats: {
        rows: out.rows,
        sessionRows: out.sessionRows,
        replayMs: out.replayMs,
        frontierMs: out.frontierMs,
        durationMs: Math.round(performance.now() - started),
      },
    };
    await updateSimulationRun(ctx.db, runId, {
      status: 'done',
      finishedAt: new Date(),
      processed: total,
      total,
      result: result as unknown as Record<string, unknown>,
    });
  } catch (err) {
    const e = toAppError(err);
    await updateSimulationRun(ctx.db, runId, { status: 'failed', finishedAt: new Date(), error: { code: e.code, message: e.message } });
  }
  return (await getSimulationRunById(ctx.db, runId))!;
}
