import 'server-only';
/** One re-price or re-tier of a model's history, with progress on its job row. */
import type { DatabaseHandle } from '@/db/client';
import { countSelection, type RewriteSelection, rewriteEvents } from '@/db/jobs/rewrite-events';
import { updateJobProgress } from '@/db/queries/jobs';
import { invalidatePricer, loadPricingConfig } from '@/db/queries/pricing-config';
import type { Job } from '@/db/schema';
import { createPricer } from '@/lib/pricing/pricer';

export interface RewriteJobParams {
  provider: string;
  model: string;
  from?: string;
  to?: string;
}

export async function runRewriteJob(handle: DatabaseHandle, job: Job): Promise<void> {
  const p = job.params as unknown as RewriteJobParams;
  const selection: RewriteSelection = {
    provider: p.provider,
    model: p.model,
    from: p.from ? new Date(p.from) : undefined,
    to: p.to ? new Date(p.to) : undefined,
  };
  invalidatePricer();
  const pricer = createPricer(await loadPricingConfig(handle.db));
  const total = await countSelection(handle.db, selection);
  await updateJobProgress(handle.db, { id: job.id, processed: 0, total });
  const result = await rewriteEvents(handle.db, {
    selection,
    pricer,
    retier: job.kind === 'retier',
    onChunk: (progress) => updateJobProgress(handle.db, { id: job.id, processed: progress.processed, failed: 0 }),
  });
  await updateJobProgress(handle.db, { id: job.id, processed: result.processed, total: Math.max(total, result.processed) });
}
