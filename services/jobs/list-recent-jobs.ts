import 'server-only';
/** Recent jobs for Settings: imports (data:import), or every kind (models:manage, the re-pricing view). */
import { listRecentJobs as listJobRows } from '@/db/queries/jobs';
import { assertCan } from '@/lib/auth/guard';
import { toJobView } from '@/lib/jobs/label';
import type { ServiceContext } from '../context';

export async function listRecentJobs(ctx: ServiceContext, { kind, limit }: { kind?: 'import'; limit: number }) {
  assertCan(ctx.actor, kind === 'import' ? 'data:import' : 'models:manage');
  return (await listJobRows(ctx.db, { kind, limit })).map(toJobView);
}
