import type { Metadata } from 'next';
import { CreateApiKeyForm } from '@/components/settings/create-api-key-form';
import { RevokeKeyButton } from '@/components/settings/revoke-key-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { Forbidden } from '@/components/shell/forbidden';
import { formatDateTime } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listApiKeys } from '@/services/api-keys/list-api-keys';
import { listProjects } from '@/services/projects/list-projects';

export const metadata: Metadata = { title: 'API keys' };
export const dynamic = 'force-dynamic';

export default async function ApiKeysPage() {
  const { user, ctx, denied } = await pageUserWith('api_keys:manage');
  if (denied) return <Forbidden role={user.role} />;
  const [keys, projects] = await Promise.all([listApiKeys(ctx), listProjects(ctx, { includeArchived: false })]);
  return (
    <div className="space-y-6">
      <Card
        title="Create an API key"
        description={
          'Keys belong to one project: events sent with a key are recorded in its project. Only a ' +
          'hash is stored, so the key is shown once.'
        }
      >
        {projects.length === 0 ? (
          <p className="text-sm text-slate-600">Create a project first.</p>
        ) : (
          <CreateApiKeyForm projects={projects.map(({ id, name }) => ({ id, name }))} />
        )}
      </Card>
      <Card title={`API keys (${keys.length})`}>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">No keys yet.</p>
        ) : (
          <Table caption="API keys">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Project</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => (
                <tr key={k.id} data-testid={`api-key-row-${k.prefix}`}>
                  <Td className="font-medium text-slate-900">{k.name}</Td>
                  <Td>{k.projectName}</Td>
                  <Td>
                    <code className="text-xs">{k.prefix}_…</code>
                  </Td>
                  <Td>
                    <div className="flex gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s}>{s}</Badge>
                      ))}
                    </div>
                  </Td>
                  <Td>{formatDateTime(k.createdAt)}</Td>
                  <Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'never'}</Td>
                  <Td>{k.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                  <Td className="text-right">
                    {k.revokedAt ? null : <RevokeKeyButton projectId={k.projectId} id={k.id} label={`${k.name} (${k.prefix})`} />}
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
