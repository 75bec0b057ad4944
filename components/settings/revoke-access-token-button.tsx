'use client';

import { revokeAccessTokenAction } from '@/app/(app)/settings/access-tokens/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function RevokeAccessTokenButton({ id, label }: { id: string; label: string }) {
  const { state, onSubmit, pending } = useFormAction(revokeAccessTokenAction);
  return (
    <form
      onSubmit={(e) => {
        if (window.confirm(`Revoke ${label}? Scripts using it will be refused at once.`)) onSubmit(e);
        else e.preventDefault();
      }}
      className="flex flex-col items-end gap-1"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${label}`}>
        Revoke
      </Button>
      <FormMessage state={state?.ok ? null : state} />
    </form>
  );
}
