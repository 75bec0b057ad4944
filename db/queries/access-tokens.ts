/** People's access tokens: data access only (services/access-tokens decide who may do what). */
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { type AccessToken, accessTokens, users } from '../schema';

export type AccessTokenListItem = Omit<AccessToken, 'tokenHash'> & { userEmail: string; userName: string };

const listColumns = {
  id: accessTokens.id,
  userId: accessTokens.userId,
  name: accessTokens.name,
  prefix: accessTokens.prefix,
  createdAt: accessTokens.createdAt,
  expiresAt: accessTokens.expiresAt,
  lastUsedAt: accessTokens.lastUsedAt,
  revokedAt: accessTokens.revokedAt,
  userEmail: users.email,
  userName: users.name,
};

/** Newest first; one person's tokens, or everyone's when `userId` is omitted. */
export async function listAccessTokensByUserId(db: Database, { userId }: { userId?: string }): Promise<AccessTokenListItem[]> {
  return db
    .select(listColumns)
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(userId ? eq(accessTokens.userId, userId) : undefined)
    .orderBy(desc(accessTokens.createdAt));
}

export async function insertAccessToken(
  db: Database,
  values: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date | null },
): Promise<Omit<AccessToken, 'tokenHash'>> {
  const [row] = await db.insert(accessTokens).values(values).returning();
  const { tokenHash: _hidden, ...token } = row!;
  return token;
}

export async function getAccessTokenById(db: Database, { id, lock = false }: { id: string; lock?: boolean }) {
  const query = db.select().from(accessTokens).where(eq(accessTokens.id, id));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function revokeAccessTokenById(db: Database, { id, at }: { id: string; at: Date }): Promise<void> {
  await db.update(accessTokens).set({ revokedAt: at }).where(eq(accessTokens.id, id));
}

/** The token a hash belongs to, with its person as they are now (role and active), in one round trip. */
export async function getAccessTokenByHash(db: Database, { tokenHash }: { tokenHash: string }) {
  const [row] = await db
    .select({
      token: accessTokens,
      user: { id: users.id, email: users.email, name: users.name, role: users.role, active: users.active },
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.tokenHash, tokenHash));
  return row;
}

export async function touchAccessTokenById(db: Database, { id, at }: { id: string; at: Date }): Promise<void> {
  await db.update(accessTokens).set({ lastUsedAt: at }).where(eq(accessTokens.id, id));
}
