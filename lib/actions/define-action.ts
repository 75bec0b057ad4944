/**
 * Every server action is built with `defineAction`: check the caller's permission first, then parse
 * the input with zod, then run. Failures come back as values (never thrown, never a stack trace) so
 * forms show them through useActionState.
 */
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { UserActor } from '@/lib/auth/actor';
import { getCurrentUser } from '@/lib/auth/current-user';
import { assertCan } from '@/lib/auth/guard';
import type { Permission } from '@/lib/auth/permissions';
import { AppError, fieldErrorsOf, toAppError, type ErrorBody } from '@/lib/errors';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type ActionState<T> = ActionResult<T> | null;

/** FormData to a plain object; a key that appears several times (checkboxes) becomes an array. */
export function formDataToObject(input: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(input.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = input.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

export function defineAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  run: (input: z.output<S>, actor: UserActor) => Promise<T>,
) {
  return async function action(_previous: unknown, input: FormData | z.input<S>): Promise<ActionResult<T>> {
    try {
      const actor = await getCurrentUser();
      assertCan(actor, permission);
      const raw = input instanceof FormData ? formDataToObject(input) : input;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('bad_request:api', 'Some fields are not valid.', { fields: fieldErrorsOf(parsed.error.issues) });
      }
      return { ok: true, data: await run(parsed.data, actor) };
    } catch (err) {
      unstable_rethrow(err); // let redirect() and notFound() through
      return { ok: false, error: toAppError(err).toBody() };
    }
  };
}
