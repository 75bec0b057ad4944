import 'server-only';
/** One saved run with its inputs and result: anyone who may read dashboards may open a run's URL. */
import { getSimulationRunById } from '@/db/queries/simulation';
import type { SimulationRunRow } from '@/db/tables/simulation';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getSimulationRun(ctx: ServiceContext, { id }: { id: string }): Promise<SimulationRunRow> {
  assertCan(ctx.actor, 'dashboards:read');
  const run = UUID.test(id) ? await getSimulationRunById(ctx.db, id) : undefined;
  if (!run) throw new AppError('not_found:simulation', 'This simulation run does not exist (it may have been deleted).');
  return run;
}
