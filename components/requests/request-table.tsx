import { Money, Tokens } from '@/components/ui/figures';
import Link from 'next/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { RequestRow } from '@/services/requests/list-requests';
import { formatShortDateTime } from '@/lib/format';

/** One page of requests; a row's time opens it in the panel (its id goes in the URL). */
export function RequestTable({
  rows,
  timeZone,
  projectName,
  detailHref,
  selected,
}: {
  rows: RequestRow[];
  timeZone: string;
  projectName: (projectId: string) => string;
  detailHref: (row: RequestRow) => string;
  selected: { projectId: string; eventId: string } | null;
}) {
  return (
    <Table caption="Requests, newest first">
      <thead>
        <tr>
          <Th>{`Time (${timeZone})`}</Th>
          <Th>Project</Th>
          <Th>Mode</Th>
          <Th>Model</Th>
          <Th>User</Th>
          <Th className="text-right">In / out</Th>
          <Th className="text-right">Cost</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => {
          const open = selected?.projectId === r.projectId && selected.eventId === r.eventId;
          return (
            <tr
              key={`${r.projectId}/${r.eventId}`}
              className={open ? 'bg-brand-50' : undefined}
              aria-selected={open || undefined}
              data-testid="request-row"
            >
              <Td>
                <Link className="text-brand-700 hover:underline" href={detailHref(r)} scroll={false} title={`Open request ${r.eventId}`}>
                  {formatShortDateTime(r.occurredAt, timeZone)}
                </Link>
              </Td>
              <Td>{projectName(r.projectId)}</Td>
              <Td>{r.mode ?? '—'}</Td>
              <Td>
                {r.model}
                {r.status !== 'ok' ? <span className="ml-1 text-xs text-red-700">{r.status}</span> : null}
              </Td>
              <Td>{r.userId ?? '—'}</Td>
              <Td className="text-right tabular-nums">
                <Tokens count={r.inputTokens} /> / <Tokens count={r.outputTokens} />
              </Td>
              <Td className="text-right tabular-nums">{r.costMicros === null ? 'unpriced' : <Money micros={r.costMicros} />}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
