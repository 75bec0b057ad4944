import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';
import { RollbackButton } from './rollback-button';
import type { RollbackAction } from './types';

export interface VersionRow {
  number: number;
  note: string;
  publishedByEmail: string;
  publishedAt: Date;
  rolledBackFrom: number | null;
  published: boolean;
}

/** Published versions, newest first: who, when, the change note; diff against the one before; roll back to it. */
export function VersionList({
  versions,
  timeZone,
  canEdit,
  canPublish,
  rollback,
  newDraftFrom,
}: {
  versions: readonly VersionRow[];
  timeZone: string;
  canEdit: boolean;
  canPublish: boolean;
  rollback: RollbackAction;
  newDraftFrom: (version: number) => React.ReactNode;
}) {
  if (versions.length === 0) return <p className="text-sm text-slate-600">Nothing published yet: start a draft and publish it.</p>;
  return (
    <Table caption="Published versions">
      <thead>
        <tr>
          <Th>Version</Th>
          <Th>Published</Th>
          <Th>By</Th>
          <Th>Change note</Th>
          <Th />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {versions.map((v) => (
          <tr key={v.number} data-testid={`version-${v.number}`}>
            <Td>
              <span className="font-medium">v{v.number}</span>{' '}
              {v.published ? (
                <span className="ml-1">
                  <Badge tone="green">published</Badge>
                </span>
              ) : null}
            </Td>
            <Td>{formatDateTime(v.publishedAt, timeZone)}</Td>
            <Td>{v.publishedByEmail}</Td>
            <Td>
              {/* Td does not wrap; a long note does, within its own width. */}
              <div className="w-80 whitespace-normal">
                {v.note}
                {v.rolledBackFrom !== null ? <span className="ml-1 text-xs text-slate-500">(rollback to v{v.rolledBackFrom})</span> : null}
              </div>
            </Td>
            <Td className="text-right">
              <div className="flex items-center justify-end gap-2">
                {v.number > 1 ? (
                  <Link className="text-sm text-brand-700 underline" href={`/routing?from=${v.number - 1}&to=${v.number}#diff`}>
                    Diff with v{v.number - 1}
                  </Link>
                ) : null}
                {canEdit ? newDraftFrom(v.number) : null}
                {canPublish && !v.published ? <RollbackButton version={v.number} rollback={rollback} /> : null}
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
