/** Project API keys: data access only (services/api-keys decide who may do what). */
import { and, desc, eq } from 'drizzle-orm';
import type { ApiKeyScope } from '@/lib/keys/api-key';
import type { Database } from '../client';
import { type ApiKey, apiKeys, projects } from '../schema';

export type ApiKeyListItem = Omit<ApiKey, 'keyHash'> & { projectName: string; projectSlug: string };

export async function listApiKeys(db: Database): Promise<ApiKeyListItem[]> {
  return db
    .select({
      projectId: apiKeys.projectId,
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      projectName: projects.name,
      projectSlug: projects.slug,
    })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function insertApiKey(
  db: Database,
  values: { projectId: string; name: string; scopes: ApiKeyScope[]; prefix: string; keyHash: string; createdBy: string | null },
): Promise<Omit<ApiKey, 'keyHash'>> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  const { keyHash: _hidden, ...key } = row!;
  return key;
}

export async function getApiKeyById(db: Database, { projectId, id, lock = false }: { projectId: string; id: string; lock?: boolean }) {
  const query = db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function revokeApiKeyById(db: Database, { projectId, id, at }: { projectId: string; id: string; at: Date }): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)));
}

/** The key a hash belongs to, revoked or not, with its project's archive state; callers decide what it gets. */
export async function getApiKeyByHash(
  db: Database,
  { keyHash }: { keyHash: string },
): Promise<(ApiKey & { projectArchivedAt: Date | null }) | undefined> {
  const [row] = await db
    .select({ key: apiKeys, projectArchivedAt: projects.archivedAt })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(eq(apiKeys.keyHash, keyHash));
  return row ? { ...row.key, projectArchivedAt: row.projectArchivedAt } : undefined;
}

export async function touchApiKeyById(db: Database, { projectId, id, at }: { projectId: string; id: string; at: Date }): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)));
}
