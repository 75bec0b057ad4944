'use client';

import { revokeApiKeyAction } from '@/app/(app)/settings/api-keys/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function RevokeKeyButton({ projectId, id, label }: { projectId: string; id: string; label: string }) {
  const { state, onSubmit, pending } = useFormAction(revokeApiKeyAction);
  return (
    <form
      onSubmit={(e) => {
        if (window.confirm(`Revoke ${label}? Gateways using it will be refused at once.`)) onSubmit(e);
        else e.preventDefault();
      }}
      className="flex flex-col items-end gap-1"
    >
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${label}`}>
        Revoke
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}
