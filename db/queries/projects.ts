import { asc, eq, isNull } from 'drizzle-orm';
import type { SystemActor, UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import type { Database } from '../client';
import { projects, type Project } from '../schema';
import { recordAudit } from './audit';

export async function listProjects(db: Database, { includeArchived = true }: { includeArchived?: boolean } = {}): Promise<Project[]> {
  return db
    .select()
    .from(projects)
    .where(includeArchived ? undefined : isNull(projects.archivedAt))
    .orderBy(asc(projects.name));
}

export async function getProjectById(db: Database, { id }: { id: string }): Promise<Project | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row;
}

export async function getProjectBySlug(db: Database, { slug }: { slug: string }): Promise<Project | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug));
  return row;
}

export async function createProject(
  db: Database,
  { actor, name, slug }: { actor: UserActor | SystemActor; name: string; slug: string },
): Promise<Project> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(projects).values({ name, slug }).onConflictDoNothing({ target: projects.slug }).returning();
    if (!row)
      throw new AppError('conflict:project', `A project with the slug "${slug}" already exists.`, {
        fields: { slug: ['Already in use.'] },
      });
    await recordAudit(tx, { actor, action: 'project.create', targetType: 'project', targetId: row.id, details: { name, slug } });
    return row;
  });
}

async function updateProject(
  db: Database,
  actor: UserActor,
  id: string,
  values: Partial<Pick<Project, 'name' | 'archivedAt'>>,
  action: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
    if (!before) throw new AppError('not_found:project', 'No such project.');
    await tx.update(projects).set(values).where(eq(projects.id, id));
    const details = 'name' in values ? { from: before.name, to: values.name } : { name: before.name };
    await recordAudit(tx, { actor, action, targetType: 'project', targetId: id, details });
  });
}

export function renameProject(db: Database, { actor, id, name }: { actor: UserActor; id: string; name: string }) {
  return updateProject(db, actor, id, { name }, 'project.rename');
}

export function setProjectArchived(db: Database, { actor, id, archived }: { actor: UserActor; id: string; archived: boolean }) {
  return updateProject(db, actor, id, { archivedAt: archived ? new Date() : null }, archived ? 'project.archive' : 'project.unarchive');
}
