/** People: data access only (services/users and services/setup hold the rules and the audit). */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Role } from '@/lib/auth/permissions';
import { normaliseEmail } from '@/lib/users/email';
import type { Database } from '../client';
import { type User, users } from '../schema';

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

/** The new user, or undefined when the email is taken. */
export async function insertUser(
  db: Database,
  input: { email: string; name: string; role: Role; passwordHash: string },
): Promise<PublicUser | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...input, email: normaliseEmail(input.email) })
    .onConflictDoNothing({ target: users.email })
    .returning(publicColumns);
  return row;
}

/** Held until the transaction ends: one first-admin creation at a time, across instances. */
export async function lockFirstAdminCreation(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK_ID})`);
}

/** The active admins' ids, locked, so two concurrent demotions cannot both see another admin left. */
export async function lockActiveAdminIds(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .for('update');
  return rows.map((r) => r.id);
}

export async function updateUserById(db: Database, { id, values }: { id: string; values: { role?: Role; active?: boolean } }) {
  await db.update(users).set(values).where(eq(users.id, id));
}

export async function recordLoginById(db: Database, { id, at }: { id: string; at: Date }): Promise<void> {
  await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, id));
}
