import type { Metadata } from 'next';
import { CreateProjectForm } from '@/components/settings/create-project-form';
import { ProjectRowActions } from '@/components/settings/project-row-actions';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { Forbidden } from '@/components/shell/forbidden';
import { formatDate } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listProjects } from '@/services/projects/list-projects';

export const metadata: Metadata = { title: 'Projects' };
export const dynamic = 'force-dynamic';

export default async function ProjectsPage() {
  const { user, ctx, denied } = await pageUserWith('projects:manage');
  if (denied) return <Forbidden role={user.role} />;
  const projects = await listProjects(ctx);
  return (
    <div className="space-y-6">
      <Card
        title="Create a project"
        description={
          'A project groups the traffic of one product or team; each has its own API keys. Archived ' +
          'projects keep their history but refuse new keys.'
        }
      >
        <CreateProjectForm />
      </Card>
      <Card title={`Projects (${projects.length})`}>
        {projects.length === 0 ? (
          <p className="text-sm text-slate-600">No projects yet. Create one above, then give its gateway an API key.</p>
        ) : (
          <Table caption="Projects">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Slug</Th>
                <Th>Status</Th>
                <Th>Created</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {projects.map((p) => (
                <tr key={p.id} data-testid={`project-row-${p.slug}`}>
                  <Td className="font-medium text-slate-900">{p.name}</Td>
                  <Td>
                    <code className="text-xs">{p.slug}</code>
                  </Td>
                  <Td>{p.archivedAt ? <Badge tone="amber">archived</Badge> : <Badge tone="green">active</Badge>}</Td>
                  <Td>{formatDate(p.createdAt)}</Td>
                  <Td className="text-right">
                    <ProjectRowActions id={p.id} name={p.name} archived={Boolean(p.archivedAt)} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
