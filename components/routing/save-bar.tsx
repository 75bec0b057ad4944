'use client';

import { Button } from '@/components/ui/button';
import type { ErrorBody } from '@/lib/errors';

/** Save, the draft's revision, and what happened: a conflict says who saved and offers both ways out. */
export function SaveBar({
  dirty,
  pending,
  revision,
  failure,
  onSave,
  onOverwrite,
  onDiscard,
}: {
  dirty: boolean;
  pending: boolean;
  revision: number;
  failure: ErrorBody | null;
  onSave: () => void;
  onOverwrite: (revision: number) => void;
  onDiscard: () => void;
}) {
  const current = failure?.code === 'conflict:routing_draft' ? Number(failure.details?.currentRevision) : Number.NaN;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <Button type="button" onClick={onSave} disabled={pending}>
          {pending ? 'Saving…' : 'Save draft'}
        </Button>
        <span className="text-sm text-slate-500" data-testid="draft-state">
          {dirty ? 'Unsaved changes' : `Saved · revision ${revision}`}
        </span>
      </div>
      {failure ? (
        <div
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          role="alert"
          data-error-code={failure.code}
        >
          <p>{failure.message}</p>
          {Number.isInteger(current) ? (
            <div className="mt-2 flex flex-wrap gap-2">
              <p className="w-full text-red-700">Your text is still here, unsaved.</p>
              <Button type="button" variant="danger" onClick={() => onOverwrite(current)}>
                Save mine over revision {current}
              </Button>
              <Button type="button" variant="secondary" onClick={onDiscard}>
                Discard mine and load theirs
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
