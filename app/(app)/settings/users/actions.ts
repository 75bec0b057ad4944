'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { createUser, setUserActive, updateUserRole } from '@/db/queries/users';
import { defineAction } from '@/lib/actions/define-action';
import { hashPassword } from '@/lib/auth/password';
import { newPasswordSchema, roleSchema } from '@/lib/users/schemas';

const PATH = '/settings/users';

export const createUserAction = defineAction(
  'users:manage',
  z.object({
    name: z.string().trim().min(1, 'Enter a name.').max(100),
    email: z.email('Enter a valid email address.').max(320),
    role: roleSchema,
    password: newPasswordSchema,
  }),
  async ({ password, ...input }, actor) => {
    const user = await createUser(await getDb(), { actor, ...input, passwordHash: await hashPassword(password) });
    revalidatePath(PATH);
    return { email: user.email };
  },
);

export const changeUserRoleAction = defineAction(
  'users:manage',
  z.object({ userId: z.uuid('Unknown user.'), role: roleSchema }),
  async ({ userId, role }, actor) => {
    await updateUserRole(await getDb(), { actor, userId, role });
    revalidatePath(PATH);
    return { userId, role };
  },
);

export const setUserActiveAction = defineAction(
  'users:manage',
  z.object({ userId: z.uuid('Unknown user.'), active: z.enum(['true', 'false']).transform((v) => v === 'true') }),
  async ({ userId, active }, actor) => {
    await setUserActive(await getDb(), { actor, userId, active });
    revalidatePath(PATH);
    return { userId, active };
  },
);
