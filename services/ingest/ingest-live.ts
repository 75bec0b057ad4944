import 'server-only';
/**
 * What every live ingestion endpoint (batch API, OpenTelemetry) does around the shared insertion path:
 * the late-arrival window and a database failure answered as 503 with nothing stored (retention is a
 * periodic task of the scheduler, services/jobs/retention-task.ts). The per-key rate limit runs before the
 * body is read (lib/ingest/settings.ts).
 */
import { assertScope } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { BodyItem } from '@/lib/ingest/parse-body';
import { lateArrivalDays } from '@/lib/ingest/settings';
import { requestBudgetEvaluation } from '../budgets/request-budget-evaluation';
import type { ServiceContext } from '../context';
import { type IngestResult, ingestItems } from './ingest-items';
import type { UsageTouch } from '@/lib/budgets/touch';

export async function ingestLive(ctx: ServiceContext, { items }: { items: readonly BodyItem[] }): Promise<IngestResult> {
  assertScope(ctx.actor, 'ingest');
  if (ctx.actor.kind !== 'api_key') throw new AppError('forbidden:api_key', 'Live ingestion takes a project API key.');
  try {
    let touch: UsageTouch | null = null;
    const result = await ingestItems(ctx, {
      projectId: ctx.actor.projectId,
      items,
      window: { now: ctx.now, lateArrivalDays: lateArrivalDays() },
      touched: (t) => {
        touch = t;
      },
    });
    // The budgets the batch can match see it within one evaluation (ADR 0009); the answer does not wait for it.
    if (touch) void requestBudgetEvaluation(ctx.handle, touch);
    return result;
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error('[switchyard] ingestion failed; nothing was stored', err);
    throw new AppError(
      'unavailable:database',
      'The events could not be stored; nothing from this request was kept. Retry the whole request.',
    );
  }
}
