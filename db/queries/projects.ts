/** Projects: data access only (services/projects hold the rules and the audit). */
import { asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import { type Project, projects } from '../schema';

export async function listProjects(db: Database, { includeArchived = true }: { includeArchived?: boolean } = {}): Promise<Project[]> {
  return db
    .select()
    .from(projects)
    .where(includeArchived ? undefined : isNull(projects.archivedAt))
    .orderBy(asc(projects.name));
}

export async function getProjectById(db: Database, { id, lock = false }: { id: string; lock?: boolean }): Promise<Project | undefined> {
  const query = db.select().from(projects).where(eq(projects.id, id));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function getProjectBySlug(db: Database, { slug }: { slug: string }): Promise<Project | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug));
  return row;
}

/** The new project, or undefined when the slug is taken. */
export async function insertProject(db: Database, values: { name: string; slug: string }): Promise<Project | undefined> {
  const [row] = await db.insert(projects).values(values).onConflictDoNothing({ target: projects.slug }).returning();
  return row;
}

export async function updateProjectById(
  db: Database,
  { id, values }: { id: string; values: Partial<Pick<Project, 'name' | 'archivedAt'>> },
): Promise<void> {
  await db.update(projects).set(values).where(eq(projects.id, id));
}
