import type { Metadata } from 'next';
import { CreateUserForm } from '@/components/settings/create-user-form';
import { UserRowActions } from '@/components/settings/user-row-actions';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { Forbidden } from '@/components/shell/forbidden';
import { formatDateTime } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listUsers } from '@/services/users/list-users';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

const ROLE_TONE = { admin: 'blue', member: 'green', viewer: 'neutral' } as const;

export default async function UsersPage() {
  const { user, ctx, denied } = await pageUserWith('users:manage');
  if (denied) return <Forbidden role={user.role} />;
  const users = await listUsers(ctx);
  return (
    <div className="space-y-6">
      <Card
        title="Add a user"
        description="Admins manage everything; members edit budgets, routing drafts and run simulations; viewers read dashboards."
      >
        <CreateUserForm />
      </Card>
      <Card title={`Users (${users.length})`}>
        <Table caption="Users">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th>Last sign-in</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <Td className="font-medium text-slate-900">
                  {u.name}
                  {u.id === user.userId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                </Td>
                <Td className="whitespace-normal break-all">{u.email}</Td>
                <Td>
                  <Badge tone={ROLE_TONE[u.role]}>{u.role}</Badge>
                </Td>
                <Td>{u.active ? <Badge tone="green">active</Badge> : <Badge tone="red">deactivated</Badge>}</Td>
                <Td className="min-w-32 whitespace-normal">{formatDateTime(u.lastLoginAt)}</Td>
                <Td className="whitespace-normal text-right" data-testid="user-actions-cell">
                  <UserRowActions userId={u.id} email={u.email} role={u.role} active={u.active} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
