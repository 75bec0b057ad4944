'use client';

import { changeUserRoleAction, setUserActiveAction } from '@/app/(app)/settings/users/actions';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { ROLES, type Role } from '@/lib/auth/permissions';

export function UserRowActions({ userId, email, role, active }: { userId: string; email: string; role: Role; active: boolean }) {
  const { state: roleState, onSubmit: roleAction, pending: rolePending } = useFormAction(changeUserRoleAction);
  const { state: activeState, onSubmit: activeAction, pending: activePending } = useFormAction(setUserActiveAction);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <form onSubmit={roleAction} className="flex items-center gap-2">
          <input type="hidden" name="userId" value={userId} />
          <Select name="role" defaultValue={role} aria-label={`Role of ${email}`} className="w-28">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary" disabled={rolePending}>
            Save role
          </Button>
        </form>
        <form onSubmit={activeAction}>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="active" value={String(!active)} />
          <Button
            type="submit"
            variant={active ? 'danger' : 'secondary'}
            disabled={activePending}
            aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${email}`}
          >
            {active ? 'Deactivate' : 'Reactivate'}
          </Button>
        </form>
      </div>
      <FormMessage state={roleState?.ok ? null : roleState} />
      <FormMessage state={activeState?.ok ? null : activeState} />
    </div>
  );
}
