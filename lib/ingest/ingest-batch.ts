/**
 * One batch of usage events for one project, from any source (HTTP API, OpenTelemetry, imports,
 * demo data): validate each, price and tier the valid ones, store the new ones with their rollups.
 * Valid events are stored even when others are refused; the answer counts all three.
 */
import type { DatabaseHandle } from '@/db/client';
import { writeUsageEvents } from '@/db/ingest/write-events';
import { getPricer } from '@/db/queries/pricing-config';
import { EVENT_REJECTIONS, type EventRejection } from '@/lib/errors';
import type { BodyItem } from './parse-body';
import { toUsageRow, type UsageEventRow } from './to-row';
import { checkEvent, type ValidationWindow } from './validate';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: EventRejection[];
}

export function prepareRows(items: readonly BodyItem[], window: ValidationWindow, pricer: Awaited<ReturnType<typeof getPricer>>) {
  const rejected: EventRejection[] = [];
  const rows: UsageEventRow[] = [];
  const seen = new Set<string>();
  let repeated = 0;
  items.forEach((item, index) => {
    if (!item.ok) {
      rejected.push({ index, code: 'invalid_json', message: EVENT_REJECTIONS.invalid_json });
      return;
    }
    const checked = checkEvent(item.value, window);
    if (!checked.ok) {
      rejected.push({ index, code: checked.code, message: checked.message });
      return;
    }
    if (seen.has(checked.event.event_id)) {
      repeated += 1; // the same id twice in one batch: the first is kept, like a retry
      return;
    }
    seen.add(checked.event.event_id);
    rows.push(toUsageRow(checked.event, checked.occurredAt, pricer));
  });
  return { rows, rejected, repeated };
}

export async function ingestItems(
  handle: DatabaseHandle,
  { projectId, items, window }: { projectId: string; items: readonly BodyItem[]; window: ValidationWindow },
): Promise<IngestResult> {
  const pricer = await getPricer(handle.db);
  const { rows, rejected, repeated } = prepareRows(items, window, pricer);
  const accepted = await writeUsageEvents(handle, projectId, rows);
  return { accepted, duplicates: rows.length - accepted + repeated, rejected };
}
