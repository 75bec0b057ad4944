import { AppError } from '@/lib/errors';
import { readBodyText } from '@/lib/ingest/parse-body';
import { runView } from '@/lib/simulation/run-view';
import { route } from '@/server/http/route';
import { listSimulationRuns } from '@/services/simulations/list-simulation-runs';
import { runSimulation } from '@/services/simulations/run-simulation';

export const dynamic = 'force-dynamic';

/** A request body of at most 2 MB (a routing document is at most 1 MB), as JSON. */
async function jsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req, 2 * 1024 * 1024);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request:json', 'The body is not valid JSON.');
  }
}

/**
 * Queues a simulation (docs/api.md "Simulations"): 202 with the run (its id, URL and status `queued`), or a stable
 * error code. GET /api/v1/simulations/{id} follows its progress and carries the result when done.
 */
export const POST = route({ person: 'simulations:run' }, async (req, ctx) => {
  const run = await runSimulation(ctx, await jsonBody(req));
  return Response.json({ run: runView(run, { result: false }) }, { status: 202, headers: { location: `/api/v1/simulations/${run.id}` } });
});

/** Saved runs, newest first, without results (`?limit=`, `?before=` an ISO instant for the next page). */
export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const url = new URL(req.url);
  const input = Object.fromEntries([...url.searchParams].filter(([k]) => k === 'limit' || k === 'before'));
  const runs = await listSimulationRuns(ctx, input);
  return Response.json({ runs: runs.map((r) => ({ ...runView({ ...r, result: null }, { result: false }), totals: r.totals })) });
});
