'use client';

import { createProjectAction } from '@/app/(app)/settings/projects/actions';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function CreateProjectForm() {
  const { state, onSubmit, pending } = useFormAction(createProjectAction);
  return (
    <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-3 md:items-end" key={state?.ok ? state.data.id : 'form'}>
      <Field label="Name" name="name" errors={fieldErrors(state, 'name')}>
        <Input name="name" required placeholder="Checkout agent" />
      </Field>
      <Field label="Slug (optional)" name="slug" errors={fieldErrors(state, 'slug')} hint="Derived from the name when empty.">
        <Input name="slug" placeholder="checkout-agent" />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create project'}
      </Button>
      <div className="md:col-span-3">
        <FormMessage state={state} success={state?.ok ? `Created project ${state.data.slug}.` : undefined} />
      </div>
    </form>
  );
}
