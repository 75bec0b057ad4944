import Link from 'next/link';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';

export interface DraftRow {
  id: string;
  name: string;
  basedOnVersion: number | null;
  revision: number;
  updatedByEmail: string;
  updatedAt: Date;
}

/** Drafts in progress, last saved first. */
export function DraftList({ drafts, timeZone }: { drafts: readonly DraftRow[]; timeZone: string }) {
  if (drafts.length === 0) return <p className="text-sm text-slate-600">No draft in progress.</p>;
  return (
    <Table caption="Drafts">
      <thead>
        <tr>
          <Th>Draft</Th>
          <Th>Started from</Th>
          <Th>Last saved</Th>
          <Th>By</Th>
          <Th>Revision</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {drafts.map((d) => (
          <tr key={d.id} data-testid={`draft-${d.id}`}>
            <Td>
              <Link className="font-medium text-brand-700 underline" href={`/routing/drafts/${d.id}`}>
                {d.name || `Draft ${d.id.slice(0, 8)}`}
              </Link>
            </Td>
            <Td>{d.basedOnVersion === null ? 'scratch' : `v${d.basedOnVersion}`}</Td>
            <Td className="min-w-36 whitespace-normal">{formatDateTime(d.updatedAt, timeZone)}</Td>
            <Td className="whitespace-normal">{d.updatedByEmail}</Td>
            <Td>{d.revision}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
