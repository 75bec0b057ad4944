/**
 * A batch's items checked, priced and tiered: the rows to store, the refusals (by index), and how many
 * ids repeated within the batch. Pure; services/ingest/ingest-items.ts stores the rows.
 */
import { EVENT_REJECTIONS, type EventRejection } from '@/lib/errors';
import type { Pricer } from '@/lib/pricing/pricer';
import type { BodyItem } from './parse-body';
import { toUsageRow, type UsageEventRow } from './to-row';
import { checkEvent, type ValidationWindow } from './validate';

export function prepareRows(items: readonly BodyItem[], window: ValidationWindow, pricer: Pricer) {
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
