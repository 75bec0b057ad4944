import { runView } from '@/lib/simulation/run-view';
import { route } from '@/server/http/route';
import { deleteSimulationRun } from '@/services/simulations/delete-simulation-run';
import { getSimulationRun } from '@/services/simulations/get-simulation-run';

export const dynamic = 'force-dynamic';

/** One run with its inputs and result. */
export const GET = route<{ id: string }>({ person: 'dashboards:read' }, async (_req, ctx, { params }) =>
  Response.json({ run: runView(await getSimulationRun(ctx, { id: (await params).id }), { result: true }) }),
);

/** Deletes a run (its author or an admin). */
export const DELETE = route<{ id: string }>({ person: 'simulations:run' }, async (_req, ctx, { params }) =>
  Response.json(await deleteSimulationRun(ctx, { id: (await params).id })),
);
