'use server';

import { z } from 'zod';
import { getDb } from '@/db/client';
import { createFirstAdmin } from '@/db/queries/users';
import type { ActionResult } from '@/lib/actions/define-action';
import { formDataToObject } from '@/lib/actions/define-action';
import { hashPassword } from '@/lib/auth/password';
import { AppError, fieldErrorsOf, toAppError } from '@/lib/errors';
import { newPasswordSchema } from '@/lib/users/schemas';

const setupSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter your name.').max(100),
    email: z.email('Enter a valid email address.').max(320),
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });

/**
 * The one action an anonymous caller may run, and only while no user exists: createFirstAdmin
 * refuses (`conflict:setup`) as soon as any user does, under a lock, so it cannot be used to add a
 * second admin.
 */
export async function createFirstAdminAction(_previous: unknown, input: FormData): Promise<ActionResult<{ email: string }>> {
  try {
    const parsed = setupSchema.safeParse(input instanceof FormData ? formDataToObject(input) : input);
    if (!parsed.success)
      throw new AppError('bad_request:setup', 'Some fields are not valid.', { fields: fieldErrorsOf(parsed.error.issues) });
    const { name, email, password } = parsed.data;
    const user = await createFirstAdmin(await getDb(), { name, email, passwordHash: await hashPassword(password) });
    return { ok: true, data: { email: user.email } };
  } catch (err) {
    return { ok: false, error: toAppError(err).toBody() };
  }
}
