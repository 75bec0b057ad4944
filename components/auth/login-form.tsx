'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { safeCallbackUrl, signInErrorMessage } from '@/lib/auth/sign-in-errors';

export function LoginForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', { email: form.get('email'), password: form.get('password'), redirect: false });
    if (result?.ok && !result.error) {
      // Checked again where it is followed: the page's own origin is the one that counts.
      window.location.assign(safeCallbackUrl(callbackUrl, window.location.origin));
      return;
    }
    setPending(false);
    setError(signInErrorMessage(result?.error));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {notice && !error ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status">
          {notice}
        </p>
      ) : null}
      <Field label="Email" name="email">
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password" name="password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error ? (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
