import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { Forbidden } from '@/components/shell/forbidden';
import { formatDateTime } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listAuditEntries } from '@/services/audit/list-audit-entries';

/** An entry's JSON details: one line as a summary, the whole of it (indented) when expanded; never cut. */
function AuditDetails({ details }: { details: unknown }) {
  const line = JSON.stringify(details) ?? '';
  if (line.length <= 80) return <code className="break-all">{line}</code>;
  return (
    <details data-testid="audit-details">
      <summary className="cursor-pointer break-all">{`${line.slice(0, 77)}…`}</summary>
      <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">
        {JSON.stringify(details, null, 2)}
      </pre>
    </details>
  );
}

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const { user, ctx, denied } = await pageUserWith('audit:read');
  if (denied) return <Forbidden role={user.role} />;
  const before = Number((await searchParams).before);
  const entries = await listAuditEntries(ctx, {
    beforeId: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    limit: PAGE_SIZE,
  });
  const last = entries.at(-1);
  return (
    <Card title="Audit log" description="Who changed what in Settings, newest first.">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded yet.</p>
      ) : (
        <>
          <Table caption="Audit log">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <Td>{formatDateTime(e.at)}</Td>
                  <Td>{e.actorEmail}</Td>
                  <Td>
                    <code className="text-xs">{e.action}</code>
                  </Td>
                  <Td>
                    {e.targetType} <code className="text-xs text-slate-500">{e.targetId.slice(0, 8)}</code>
                  </Td>
                  <Td className="max-w-md whitespace-normal text-xs text-slate-500">
                    <AuditDetails details={e.details} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {entries.length === PAGE_SIZE && last ? (
            <Link
              href={`/settings/audit?before=${last.id}`}
              className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline"
            >
              Older entries →
            </Link>
          ) : null}
        </>
      )}
    </Card>
  );
}
