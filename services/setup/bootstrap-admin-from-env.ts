import 'server-only';
/** First-run bootstrap: an admin from ADMIN_EMAIL / ADMIN_PASSWORD when no user exists yet. */
import { countUsers } from '@/db/queries/users';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';
import { createFirstAdmin } from './create-first-admin';

export async function bootstrapAdminFromEnv(ctx: ServiceContext): Promise<{ created: boolean; email?: string }> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = getEnv();
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return { created: false };
  if ((await countUsers(ctx.db)) > 0) return { created: false };
  try {
    await createFirstAdmin(ctx, { email: ADMIN_EMAIL, name: 'Admin', password: ADMIN_PASSWORD });
    return { created: true, email: ADMIN_EMAIL };
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict:setup') return { created: false }; // another instance won
    throw err;
  }
}
