import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { SystemActor, UserActor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { removesLastAdmin, type UserChange } from '@/lib/users/last-admin';
import type { Database } from '../client';
import { users, type User } from '../schema';
import { recordAudit } from './audit';

/** Serialises first-admin creation across concurrent requests and instances. */
const FIRST_ADMIN_LOCK_ID = 727_002;

export type PublicUser = Omit<User, 'passwordHash'>;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function getUserByEmail(db: Database, { email }: { email: string }): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row;
}

export async function getUserById(db: Database, { id }: { id: string }): Promise<PublicUser | undefined> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return row;
}

export async function listUsers(db: Database): Promise<PublicUser[]> {
  return db.select(publicColumns).from(users).orderBy(asc(users.email));
}

interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

async function insertUser(db: Database, input: NewUserInput): Promise<PublicUser> {
  const [row] = await db
    .insert(users)
    .values({ ...input, email: normaliseEmail(input.email) })
    .onConflictDoNothing({ target: users.email })
    .returning(publicColumns);
  if (!row) throw new AppError('conflict:user', 'A user with this email already exists.', { fields: { email: ['Already in use.'] } });
  return row;
}

export async function createUser(
  db: Database,
  { actor, ...input }: NewUserInput & { actor: UserActor | SystemActor },
): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, input);
    await recordAudit(tx, {
      actor,
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role },
    });
    return user;
  });
}

/** Creates the first admin, or refuses once any user exists (setup page and ADMIN_EMAIL bootstrap). */
export async function createFirstAdmin(db: Database, input: Omit<NewUserInput, 'role'>): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK_ID})`);
    if ((await countUsers(tx)) > 0) throw new AppError('conflict:setup', 'Setup is already complete. Sign in instead.');
    const user = await insertUser(tx, { ...input, role: 'admin' });
    await recordAudit(tx, {
      actor: { kind: 'system', name: 'setup' },
      action: 'user.create_first_admin',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email },
    });
    return user;
  });
}

/** Applies a role change or deactivation, refusing one that would leave no active admin. */
async function changeUser(db: Database, actor: UserActor, userId: string, change: UserChange | { kind: 'activate' }) {
  return db.transaction(async (tx) => {
    // Lock the active admins so two concurrent demotions cannot both pass the check.
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true)))
      .for('update');
    const [target] = await tx.select(publicColumns).from(users).where(eq(users.id, userId));
    if (!target) throw new AppError('not_found:user', 'No such user.');
    if (
      change.kind !== 'activate' &&
      removesLastAdmin(
        admins.map((a) => a.id),
        userId,
        change,
      )
    ) {
      throw new AppError('conflict:user', 'This is the last active admin. Make another user admin first.');
    }
    const values = change.kind === 'role' ? { role: change.role } : { active: change.kind === 'activate' };
    await tx.update(users).set(values).where(eq(users.id, userId));
    await recordAudit(tx, {
      actor,
      action: change.kind === 'role' ? 'user.change_role' : `user.${change.kind}`,
      targetType: 'user',
      targetId: userId,
      details: change.kind === 'role' ? { email: target.email, from: target.role, to: change.role } : { email: target.email },
    });
  });
}

export function updateUserRole(db: Database, { actor, userId, role }: { actor: UserActor; userId: string; role: Role }) {
  return changeUser(db, actor, userId, { kind: 'role', role });
}

export function setUserActive(db: Database, { actor, userId, active }: { actor: UserActor; userId: string; active: boolean }) {
  return changeUser(db, actor, userId, active ? { kind: 'activate' } : { kind: 'deactivate' });
}

export async function recordLogin(db: Database, { id }: { id: string }): Promise<void> {
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
}
