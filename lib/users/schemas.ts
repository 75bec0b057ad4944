/** Input rules shared by the setup page and user management. */
import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';

export const newPasswordSchema = z.string().min(10, 'Use at least 10 characters.').max(200, 'Use at most 200 characters.');
export const roleSchema = z.enum(ROLES, 'Choose admin, member or viewer.');
