/** Users, projects and actors for integration tests, created through the real services. */
import type { DatabaseHandle } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/permissions';
import { serviceContext, systemContext } from '@/services/context';
import { createProject } from '@/services/projects/create-project';
import { createFirstAdmin } from '@/services/setup/create-first-admin';
import { createUser } from '@/services/users/create-user';

export const TEST_PASSWORD = 'correct horse battery';

/** Switchyard itself acting on the test database (no permission stands in the way). */
export const asSystem = (handle: DatabaseHandle) => systemContext(handle, 'test');

/** A person (or an anonymous caller, with null) acting on the test database. */
export const as = (handle: DatabaseHandle, actor: UserActor | null, now?: Date) => serviceContext(handle, actor, now);

export async function makeUser(
  handle: DatabaseHandle,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<UserActor> {
  const input = { email, name: role === 'admin' ? 'Admin' : `${role} user`, password: TEST_PASSWORD };
  const user =
    role === 'admin' && (await handle.db.query.users.findFirst()) === undefined
      ? await createFirstAdmin(asSystem(handle), input)
      : await createUser(asSystem(handle), { ...input, role });
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' };
}

export async function makeProject(handle: DatabaseHandle, slug = `p-${Math.random().toString(36).slice(2, 8)}`) {
  return createProject(asSystem(handle), { name: `Project ${slug}`, slug });
}

/** A well-formed secret that differs from `secret` in its last character (never equal by chance). */
export function alteredSecret(secret: string): string {
  const last = secret.at(-1);
  return `${secret.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}
