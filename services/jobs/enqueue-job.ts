import 'server-only';
/**
 * Queues a background job of a registered kind (services/jobs/registry.ts). The caller has checked its own
 * permission; this validates the params against the kind (bad or unknown → `bad_request:job`, nothing queued)
 * and wakes this process's scheduler. Pass a ServiceContext whose `db` is a transaction to queue atomically
 * with other writes (the scheduler's next poll finds it once committed).
 */
import { createJob } from '@/db/queries/jobs';
import type { Job } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';
import { jobKindOf } from './registry';
import { wakeSchedulers } from './wake';

export async function enqueueJob(
  ctx: ServiceContext,
  { kind, params, projectId = null }: { kind: string; params: unknown; projectId?: string | null },
): Promise<Job> {
  const definition = jobKindOf(kind);
  if (!definition) throw new AppError('bad_request:job', `There is no job kind "${kind}".`);
  const parsed = definition.params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'params', [i.message]]));
    throw new AppError('bad_request:job', `Invalid parameters for a ${kind} job: ${issue?.message ?? 'invalid'}.`, { fields });
  }
  const job = await createJob(ctx.db, {
    kind,
    params: parsed.data as Record<string, unknown>,
    projectId,
    lane: definition.lane?.(parsed.data, projectId) ?? null,
    createdBy: ctx.actor?.kind === 'user' ? ctx.actor.userId : null,
  });
  wakeSchedulers();
  return job;
}
