import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/format';
import type { AlertDeliveryStatus } from '@/services/channels/list-deliveries-by-alert-ids';

const TONE = { delivered: 'green', failed: 'red', retrying: 'amber', pending: 'neutral' } as const;

/** One alert's delivery to each of its channels: status, attempts, the last answer or error, the next retry. */
export function AlertDeliveries({ list, removed, timeZone }: { list: AlertDeliveryStatus[]; removed: number; timeZone: string }) {
  if (list.length === 0 && removed === 0) return <span className="text-slate-500">recorded only (no channel)</span>;
  return (
    <ul className="space-y-1.5">
      {list.map((d) => (
        <li key={d.channelId} data-testid="alert-delivery">
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="font-medium text-slate-800">{d.channelName}</span>
            <Badge tone={TONE[d.status]}>{d.status}</Badge>
            <span className="text-slate-500">
              {d.attempts === 0 ? 'not tried yet' : `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`}
              {d.lastStatusCode ? ` · ${d.lastStatusCode}` : ''}
            </span>
          </div>
          {d.status !== 'delivered' && d.lastError ? (
            <div className="max-w-[13rem] truncate text-slate-500" title={d.lastError}>
              {d.lastError}
            </div>
          ) : null}
          {d.status === 'retrying' && d.nextAttemptAt ? (
            <div className="text-slate-500">next try {formatDateTime(d.nextAttemptAt, timeZone)}</div>
          ) : null}
        </li>
      ))}
      {removed > 0 ? (
        <li className="text-slate-500">
          {removed} removed channel{removed === 1 ? '' : 's'}
        </li>
      ) : null}
    </ul>
  );
}
