import type { ActionState } from '@/lib/actions/result';

/** The error of a failed action (or a success note) under a form. */
export function FormMessage({ state, success }: { state: ActionState<unknown>; success?: string }) {
  if (!state) return null;
  if (state.ok)
    return success ? (
      <p className="text-sm text-emerald-700" role="status">
        {success}
      </p>
    ) : null;
  return (
    <p className="text-sm text-red-700" role="alert" data-error-code={state.error.code}>
      {state.error.message}
    </p>
  );
}

export function fieldErrors(state: ActionState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? state.error.fields?.[field] : undefined;
}
