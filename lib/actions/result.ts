/**
 * What a server action answers (server/actions/define-action.ts): data, or the one error body. Failures
 * are values, never thrown, so forms show them through useActionState. Client-safe.
 */
import type { ErrorBody } from '@/lib/errors';

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
