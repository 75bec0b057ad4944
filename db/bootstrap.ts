/** First-run bootstrap: an admin from ADMIN_EMAIL / ADMIN_PASSWORD when no user exists yet. */
import { hashPassword } from '@/lib/auth/password';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Database } from './client';
import { countUsers, createFirstAdmin } from './queries/users';

export async function bootstrapAdminFromEnv(db: Database): Promise<{ created: boolean; email?: string }> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = getEnv();
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return { created: false };
  if ((await countUsers(db)) > 0) return { created: false };
  try {
    await createFirstAdmin(db, { email: ADMIN_EMAIL, name: 'Admin', passwordHash: await hashPassword(ADMIN_PASSWORD) });
    return { created: true, email: ADMIN_EMAIL };
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict:setup') return { created: false }; // another instance won
    throw err;
  }
}
