'use client';

import Link from 'next/link';
import { useState } from 'react';

/** A long id shortened in the middle (`sess-2026-11…a91f3c`): both ends stay readable, the whole id is in its tooltip. */
export function middleTruncate(id: string, keep = 26): string {
  if (id.length <= keep) return id;
  const tail = Math.floor((keep - 1) / 3);
  return `${id.slice(0, keep - 1 - tail)}…${id.slice(-tail)}`;
}

/** A session id in full (truncated in the middle when long, whole in the tooltip), optionally a link, with a copy button. */
export function SessionId({ id, href, testId }: { id: string; href?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const shown = middleTruncate(id);
  return (
    <span className="inline-flex max-w-full items-center gap-1 align-middle" data-testid={testId} data-session-id={id}>
      {href ? (
        <Link className="font-mono text-xs font-medium text-brand-700 hover:underline" title={id} href={href}>
          {shown}
        </Link>
      ) : (
        <span className="font-mono text-xs" title={id}>
          {shown}
        </span>
      )}
      <button
        type="button"
        className="rounded px-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800"
        aria-label={`Copy session id ${id}`}
        title="Copy the whole id"
        onClick={() => {
          void navigator.clipboard?.writeText(id).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
