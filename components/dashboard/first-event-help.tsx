import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { FIRST_EVENT_CURL } from '@/lib/ingest/first-event-curl';

/** The empty state of every dashboard: how to send the first event, with a curl that works as written. */
export function FirstEventHelp({ canManageKeys }: { canManageKeys: boolean }) {
  // The README's curl, character for character (tests/unit/first-event-curl.test.ts keeps them equal).
  const curl = FIRST_EVENT_CURL;
  return (
    <EmptyState
      title="No usage recorded yet"
      action={
        canManageKeys ? (
          <Link className="text-sm font-medium text-brand-600 hover:underline" href="/settings/api-keys">
            Create an API key for your gateway →
          </Link>
        ) : null
      }
    >
      <p>
        Create a project and an API key with the <code>ingest</code> scope, then send events to <code>POST /api/v1/events</code> or point an
        OpenTelemetry exporter at <code>/api/v1/otlp/v1/traces</code> (docs/api.md). Your first event:
      </p>
      <pre className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-3 text-left text-xs text-slate-100">{curl}</pre>
      <p className="mt-3">
        To explore with sample traffic, start Switchyard with <code>npm run demo</code>.
      </p>
    </EmptyState>
  );
}
