'use client';

import { renameProjectAction, setProjectArchivedAction } from '@/app/(app)/settings/projects/actions';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function ProjectRowActions({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const { state: renameState, onSubmit: renameAction, pending: renamePending } = useFormAction(renameProjectAction);
  const { state: archiveState, onSubmit: archiveAction, pending: archivePending } = useFormAction(setProjectArchivedAction);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <form onSubmit={renameAction} className="flex items-center gap-2">
          <input type="hidden" name="id" value={id} />
          <Input name="name" defaultValue={name} aria-label={`New name for ${name}`} className="w-48" />
          <Button type="submit" variant="secondary" disabled={renamePending}>
            Rename
          </Button>
        </form>
        <form onSubmit={archiveAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="archived" value={String(!archived)} />
          <Button
            type="submit"
            variant={archived ? 'secondary' : 'danger'}
            disabled={archivePending}
            aria-label={`${archived ? 'Unarchive' : 'Archive'} ${name}`}
          >
            {archived ? 'Unarchive' : 'Archive'}
          </Button>
        </form>
      </div>
      <FormMessage state={renameState?.ok ? null : renameState} />
      <FormMessage state={archiveState?.ok ? null : archiveState} />
    </div>
  );
}
