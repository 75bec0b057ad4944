/** Users, projects and actors for integration tests, created through the real query functions. */
import type { Database } from '@/db/client';
import { createProject } from '@/db/queries/projects';
import { createFirstAdmin, createUser } from '@/db/queries/users';
import type { UserActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/permissions';

export const TEST_PASSWORD = 'correct horse battery';

export async function makeUser(
  db: Database,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<UserActor> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const user =
    role === 'admin' && (await db.query.users.findFirst()) === undefined
      ? await createFirstAdmin(db, { email, name: 'Admin', passwordHash })
      : await createUser(db, { actor: { kind: 'system', name: 'test' }, email, name: `${role} user`, role, passwordHash });
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role };
}

export async function makeProject(db: Database, slug = `p-${Math.random().toString(36).slice(2, 8)}`) {
  return createProject(db, { actor: { kind: 'system', name: 'test' }, name: `Project ${slug}`, slug });
}

/** A well-formed secret that differs from `secret` in its last character (never equal by chance). */
export function alteredSecret(secret: string): string {
  const last = secret.at(-1);
  return `${secret.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}
