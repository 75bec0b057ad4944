/** What every dashboard page needs first: the organisation's time zone and the projects to scope by. */
import type { Database } from '../client';
import { getOrgTimeZone } from './org-settings';
import { listProjects } from './projects';

export async function loadDashboardContext(db: Database) {
  const [timeZone, projects] = await Promise.all([getOrgTimeZone(db), listProjects(db)]);
  return { timeZone, projects: projects.map((p) => ({ id: p.id, slug: p.slug, name: p.name })) };
}
