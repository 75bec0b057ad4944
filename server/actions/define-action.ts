/**
 * Every server action is built with `defineAction`: check the caller's permission first, then parse
 * the input with zod, then run with a ServiceContext. Failures come back as values (never thrown, never
 * a stack trace) so forms show them through useActionState. The declared access is attached as
 * `action.access` for the permission test. Next itself refuses a cross-site action (its Origin check).
 */
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { type Access, isPublic } from '@/lib/auth/access';
import { assertAccess } from '@/lib/auth/guard';
import type { Permission } from '@/lib/auth/permissions';
import { type ActionResult, formDataToObject } from '@/lib/actions/result';
import { type ErrorSurface, toAppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '@/services/context';
import { getCurrentUser } from '../auth/current-user';
import { contextFor } from '../context';

export type ActionAccess = { person: Permission } | { public: string };

export function defineAction<S extends z.ZodType, T>(
  permission: Permission | { public: string },
  schema: S,
  run: (input: z.output<S>, ctx: ServiceContext) => Promise<T>,
  surface: ErrorSurface = 'api',
) {
  const access: ActionAccess = typeof permission === 'string' ? { person: permission } : permission;
  async function action(_previous: unknown, input: FormData | z.input<S>): Promise<ActionResult<T>> {
    try {
      const actor = isPublic(access as Access) ? null : await getCurrentUser();
      assertAccess(actor, access as Access);
      const data = parseInput(schema, input instanceof FormData ? formDataToObject(input) : input, surface);
      return { ok: true, data: await run(data, await contextFor(actor)) };
    } catch (err) {
      unstable_rethrow(err); // let redirect() and notFound() through
      return { ok: false, error: toAppError(err).toBody() };
    }
  }
  return Object.assign(action, { access });
}
