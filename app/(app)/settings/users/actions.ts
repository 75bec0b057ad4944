'use server';

import { revalidatePath } from 'next/cache';
import { changeUserRoleSchema, createUserSchema, setUserActiveSchema } from '@/lib/users/schemas';
import { defineAction } from '@/server/actions/define-action';
import { changeUserRole } from '@/services/users/change-user-role';
import { createUser } from '@/services/users/create-user';
import { setUserActive } from '@/services/users/set-user-active';

const PATH = '/settings/users';

export const createUserAction = defineAction('users:manage', createUserSchema, async (input, ctx) => {
  const user = await createUser(ctx, input);
  revalidatePath(PATH);
  return { email: user.email };
});

export const changeUserRoleAction = defineAction('users:manage', changeUserRoleSchema, async (input, ctx) => {
  const result = await changeUserRole(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const setUserActiveAction = defineAction('users:manage', setUserActiveSchema, async (input, ctx) => {
  const result = await setUserActive(ctx, input);
  revalidatePath(PATH);
  return result;
});
