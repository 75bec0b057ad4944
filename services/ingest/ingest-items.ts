import 'server-only';
/**
 * One batch of usage events for one project, from any source (HTTP API, OpenTelemetry, imports, demo
 * data): validate each, price and tier the valid ones, store the new ones with their rollups in one
 * statement. Valid events are stored even when others are refused; the answer counts all three.
 */
import { writeUsageEvents } from '@/db/ingest/write-events';
import { getPricer } from '@/db/queries/pricing-config';
import { assertMayWriteUsage } from '@/lib/auth/guard';
import type { EventRejection } from '@/lib/errors';
import type { BodyItem } from '@/lib/ingest/parse-body';
import { prepareRows } from '@/lib/ingest/prepare-rows';
import type { ValidationWindow } from '@/lib/ingest/validate';
import type { ServiceContext } from '../context';
import { touchOfRows, type UsageTouch } from '@/lib/budgets/touch';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: EventRejection[];
}

/** `touched`, when given, is told what the batch can have changed (the budget evaluator's touch) when anything new was stored. */
export async function ingestItems(
  ctx: ServiceContext,
  {
    projectId,
    items,
    window,
    touched,
  }: { projectId: string; items: readonly BodyItem[]; window: ValidationWindow; touched?: (touch: UsageTouch) => void },
): Promise<IngestResult> {
  assertMayWriteUsage(ctx.actor, projectId);
  const pricer = await getPricer(ctx.db);
  const { rows, rejected, repeated } = prepareRows(items, window, pricer);
  const accepted = await writeUsageEvents(ctx.handle, projectId, rows);
  const touch = touched && accepted > 0 ? touchOfRows(projectId, rows) : null;
  if (touch) touched?.(touch);
  return { accepted, duplicates: rows.length - accepted + repeated, rejected };
}
