'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionResult, ActionState } from '@/lib/actions/result';

/**
 * useActionState for a form, submitted through onSubmit so React does not reset the form: a refused
 * submission keeps what the person typed. Forms that should clear after success change their `key`.
 */
export function useFormAction<T>(action: (previous: ActionState<T>, input: FormData) => Promise<ActionResult<T>>) {
  const [state, dispatch, pending] = useActionState<ActionState<T>, FormData>(action, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  return { state, onSubmit, pending, dispatch };
}
