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

/** Published versions, newest first: when and who, the change note; diff against the one before; roll back to it. */
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
          <Th>Change note</Th>
          <Th className="text-right">
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {versions.map((v) => (
          <tr key={v.number} data-testid={`version-${v.number}`}>
            <Td>
              <span className="font-medium">v{v.number}</span>
              {v.published ? (
                <div>
                  <Badge tone="green">published</Badge>
                </div>
              ) : null}
            </Td>
            {/* Wraps: with a zone such as America/New_York the date alone is wider than a 1024 px card allows. */}
            <Td className="min-w-36 whitespace-normal">
              {formatDateTime(v.publishedAt, timeZone)}
              <div className="text-xs text-slate-500">by {v.publishedByEmail}</div>
            </Td>
            <Td className="w-full">
              {/* Td does not wrap; a long note does, taking the width the other columns leave (at least 10rem). */}
              <div className="min-w-40 whitespace-normal">
                {v.note}
                {v.rolledBackFrom !== null ? <span className="ml-1 text-xs text-slate-500">(rollback to v{v.rolledBackFrom})</span> : null}
              </div>
            </Td>
            <Td className="text-right align-top">
              {/* Stacked, so the actions keep the width of the widest button at any page width. */}
              <div className="flex flex-col items-end gap-1.5">
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
