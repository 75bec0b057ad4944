import 'server-only';
/**
 * The re-price and re-tier job kinds: one model's history recomputed in chunks, with progress. Resumable: a
 * chunk is one transaction that recomputes from the stored events, so running again from the start only
 * rewrites what still differs. They share the `rollups` lane with the zone change (both move day rollups).
 */
import { z } from 'zod';
import { countSelection, type RewriteSelection, rewriteEvents } from '@/db/jobs/rewrite-events';
import { invalidatePricer, loadPricingConfig } from '@/db/queries/pricing-config';
import { createPricer } from '@/lib/pricing/pricer';
import { defineJobKind, type JobRunContext } from './job-kind';

export const rewriteJobParams = z.object({
  provider: z.string().trim().min(1).max(200),
  model: z.string().trim().min(1).max(200),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type RewriteJobParams = z.infer<typeof rewriteJobParams>;

/** The lane of every job that rewrites day rollups (re-pricing, re-tiering, the zone change). */
export const ROLLUPS_LANE = 'rollups';

async function runRewriteJob(job: JobRunContext, p: RewriteJobParams, retier: boolean): Promise<void> {
  const selection: RewriteSelection = {
    provider: p.provider,
    model: p.model,
    from: p.from ? new Date(p.from) : undefined,
    to: p.to ? new Date(p.to) : undefined,
  };
  invalidatePricer();
  const pricer = createPricer(await loadPricingConfig(job.db));
  const total = await countSelection(job.db, selection);
  await job.progress({ processed: 0, total });
  const result = await rewriteEvents(job.db, {
    selection,
    pricer,
    retier,
    signal: job.signal,
    onChunk: (progress) => job.progress({ processed: progress.processed, failed: 0 }),
  });
  await job.progress({ processed: result.processed, total: Math.max(total, result.processed) });
}

export const repriceJob = defineJobKind({
  kind: 'reprice',
  params: rewriteJobParams,
  resumable: true,
  lane: () => ROLLUPS_LANE,
  run: (job, params) => runRewriteJob(job, params, false),
});

export const retierJob = defineJobKind({
  kind: 'retier',
  params: rewriteJobParams,
  resumable: true,
  lane: () => ROLLUPS_LANE,
  run: (job, params) => runRewriteJob(job, params, true),
});
