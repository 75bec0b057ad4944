import { and, desc, eq } from 'drizzle-orm';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { generateApiKey, hashApiKey, type ApiKeyScope } from '@/lib/keys/api-key';
import type { Database } from '../client';
import { apiKeys, projects, type ApiKey } from '../schema';
import { recordAudit } from './audit';

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

/** Returns the secret once; only its hash is stored. */
export async function createApiKey(
  db: Database,
  { actor, projectId, name, scopes }: { actor: UserActor; projectId: string; name: string; scopes: ApiKeyScope[] },
): Promise<{ key: Omit<ApiKey, 'keyHash'>; secret: string }> {
  const generated = generateApiKey();
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
    if (!project) throw new AppError('not_found:project', 'No such project.', { fields: { projectId: ['Unknown project.'] } });
    if (project.archivedAt) throw new AppError('conflict:project', 'This project is archived; unarchive it before creating keys.');
    const [row] = await tx
      .insert(apiKeys)
      .values({ projectId, name, scopes, prefix: generated.prefix, keyHash: generated.hash, createdBy: actor.userId })
      .returning();
    if (!row) throw new AppError('internal:api_key', 'The key could not be created.');
    await recordAudit(tx, {
      actor,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: row.id,
      details: { projectId, name, scopes, prefix: row.prefix },
    });
    const { keyHash: _hidden, ...key } = row;
    return { key, secret: generated.secret };
  });
}

export async function revokeApiKey(
  db: Database,
  { actor, projectId, id }: { actor: UserActor; projectId: string; id: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)))
      .for('update');
    if (!row) throw new AppError('not_found:api_key', 'No such API key.');
    if (row.revokedAt) return;
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)));
    await recordAudit(tx, {
      actor,
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: id,
      details: { projectId, name: row.name, prefix: row.prefix },
    });
  });
}

/** The key a secret belongs to, revoked or not; callers decide what a revoked key gets. */
export async function findApiKeyBySecret(
  db: Database,
  { secret }: { secret: string },
): Promise<(ApiKey & { projectArchivedAt: Date | null }) | undefined> {
  const [row] = await db
    .select({ key: apiKeys, projectArchivedAt: projects.archivedAt })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(eq(apiKeys.keyHash, hashApiKey(secret)));
  return row ? { ...row.key, projectArchivedAt: row.projectArchivedAt } : undefined;
}

export async function touchApiKey(db: Database, { projectId, id }: { projectId: string; id: string }): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)));
}
