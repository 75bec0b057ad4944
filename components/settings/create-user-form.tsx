'use client';

import { createUserAction } from '@/app/(app)/settings/users/actions';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { ROLES } from '@/lib/auth/permissions';

export function CreateUserForm() {
  const { state, onSubmit, pending } = useFormAction(createUserAction);
  return (
    <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-5 md:items-end" key={state?.ok ? state.data.email : 'form'}>
      <Field label="Name" name="name" errors={fieldErrors(state, 'name')}>
        <Input name="name" required />
      </Field>
      <Field label="Email" name="email" errors={fieldErrors(state, 'email')}>
        <Input name="email" type="email" required />
      </Field>
      <Field label="Role" name="role" errors={fieldErrors(state, 'role')}>
        <Select name="role" defaultValue="viewer">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Initial password" name="password" errors={fieldErrors(state, 'password')}>
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </Button>
      <div className="md:col-span-5">
        <FormMessage
          state={state}
          success={state?.ok ? `Added ${state.data.email}. Share the initial password with them privately.` : undefined}
        />
      </div>
    </form>
  );
}
