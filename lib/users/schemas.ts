/** Input rules of the setup page and user management (services/users, services/setup). */
import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';
import { booleanInput } from '@/lib/input';

export const newPasswordSchema = z.string().min(10, 'Use at least 10 characters.').max(200, 'Use at most 200 characters.');
export const roleSchema = z.enum(ROLES, 'Choose admin, member or viewer.');
const emailSchema = z.email('Enter a valid email address.').max(320);

export const createUserSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  email: emailSchema,
  role: roleSchema,
  password: newPasswordSchema,
});

export const changeUserRoleSchema = z.object({ userId: z.uuid('Unknown user.'), role: roleSchema });

export const setUserActiveSchema = z.object({ userId: z.uuid('Unknown user.'), active: booleanInput });

export const firstAdminSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100),
  email: emailSchema,
  password: newPasswordSchema,
});

/** The setup form asks for the password twice. */
export const setupFormSchema = firstAdminSchema
  .extend({ confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });
