'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

/** An unknown session says which id it looked for and where to look next (a 404 still: the address names nothing). */
export default function SessionNotFound() {
  const params = useParams<{ projectId: string; sessionId: string }>();
  const sessionId = decodeURIComponent(params.sessionId ?? '');
  return (
    <>
      <PageHeader title="Session not found" />
      <EmptyState
        title={`No session “${sessionId.slice(0, 80)}” in this project`}
        action={
          <div className="flex justify-center gap-4 text-sm font-medium">
            <Link className="text-brand-700 hover:underline" href={`/requests?${new URLSearchParams({ q: sessionId.slice(0, 200) })}`}>
              Look for this id in every project →
            </Link>
            <Link className="text-brand-700 hover:underline" href="/sessions">
              All sessions
            </Link>
          </div>
        }
      >
        <p data-testid="session-not-found">
          The project in this link holds no session with this id: the link may be mistyped, name another project, or point to a session
          older than the raw events kept.
        </p>
      </EmptyState>
    </>
  );
}
