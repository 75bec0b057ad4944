'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { firstEventCurlFor, testEvent } from '@/lib/ingest/first-event-curl';
import { detailParam } from '@/lib/usage/requests-url';

type Sent = { state: 'idle' } | { state: 'sending' } | { state: 'sent'; eventId: string } | { state: 'failed'; message: string };

/**
 * Right after a key is created: the first-event curl with this key, ready to paste, and a button that sends one
 * test event with it through the public API (POST /api/v1/events, as a gateway would) and links to that request.
 */
export function TestEventPanel({ secret, projectSlug, canIngest }: { secret: string; projectSlug: string; canIngest: boolean }) {
  const [origin, setOrigin] = useState('http://localhost:3000');
  const [sent, setSent] = useState<Sent>({ state: 'idle' });
  const [copied, setCopied] = useState(false);
  useEffect(() => setOrigin(window.location.origin), []);
  const curl = firstEventCurlFor({ origin, secret });

  async function send() {
    setSent({ state: 'sending' });
    const event = testEvent(new Date(), Math.random().toString(36).slice(2, 8));
    try {
      const res = await fetch('/api/v1/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [event] }),
      });
      const body = (await res.json().catch(() => null)) as { accepted?: number; error?: { message?: string } } | null;
      if (res.ok && body?.accepted === 1) setSent({ state: 'sent', eventId: event.event_id });
      else setSent({ state: 'failed', message: body?.error?.message ?? `The API answered ${res.status}.` });
    } catch {
      setSent({ state: 'failed', message: 'The request did not reach Switchyard.' });
    }
  }

  return (
    <div className="mt-4 space-y-3" data-testid="first-event-panel">
      <div>
        <div className="flex items-center justify-between gap-2">
          <p className="text-sm font-medium text-emerald-900">Send your first event with this key:</p>
          <Button type="button" variant="secondary" onClick={() => void navigator.clipboard?.writeText(curl).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy curl'}
          </Button>
        </div>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" data-testid="first-event-curl">
          {curl}
        </pre>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={() => void send()} disabled={!canIngest || sent.state === 'sending'} data-testid="send-test-event">
          {sent.state === 'sending' ? 'Sending…' : 'Send a test event'}
        </Button>
        {!canIngest ? (
          <p className="text-sm text-slate-600">
            This key has no <code>ingest</code> scope, so it cannot send events.
          </p>
        ) : null}
        {sent.state === 'sent' ? (
          <p className="text-sm text-emerald-900" role="status">
            Recorded.{' '}
            <Link
              className="font-medium text-brand-700 hover:underline"
              data-testid="test-event-link"
              href={`/requests?${new URLSearchParams({ project: projectSlug, detail: detailParam(projectSlug, sent.eventId) })}`}
            >
              Open the request {sent.eventId} →
            </Link>
          </p>
        ) : null}
        {sent.state === 'failed' ? (
          <p className="text-sm text-red-700" role="alert">
            The test event was not recorded: {sent.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}
