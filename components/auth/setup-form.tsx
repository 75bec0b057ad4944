'use client';

import { signIn } from 'next-auth/react';
import { useEffect, useRef } from 'react';
import { createFirstAdminAction } from '@/app/setup/actions';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function SetupForm() {
  const { state, onSubmit, pending } = useFormAction(createFirstAdminAction);
  const password = useRef('');

  useEffect(() => {
    if (!state?.ok) return;
    // The admin exists now: sign straight in with what was just typed.
    void signIn('credentials', { email: state.data.email, password: password.current, redirect: false }).then(() =>
      window.location.assign('/'),
    );
  }, [state]);

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        password.current = String(new FormData(e.currentTarget).get('password') ?? '');
        onSubmit(e);
      }}
    >
      <Field label="Your name" name="name" errors={fieldErrors(state, 'name')}>
        <Input name="name" autoComplete="name" required />
      </Field>
      <Field label="Email" name="email" errors={fieldErrors(state, 'email')}>
        <Input name="email" type="email" autoComplete="username" required />
      </Field>
      <Field label="Password" name="password" errors={fieldErrors(state, 'password')} hint="At least 10 characters.">
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <Field label="Confirm password" name="confirm" errors={fieldErrors(state, 'confirm')}>
        <Input name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      <FormMessage state={state} success="Admin created. Signing you in…" />
      <Button type="submit" className="w-full" disabled={pending || state?.ok}>
        {pending ? 'Creating…' : 'Create admin account'}
      </Button>
    </form>
  );
}
