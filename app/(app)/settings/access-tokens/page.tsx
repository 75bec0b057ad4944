import type { Metadata } from 'next';
import { Forbidden } from '@/components/shell/forbidden';
import { CreateAccessTokenForm } from '@/components/settings/create-access-token-form';
import { RevokeAccessTokenButton } from '@/components/settings/revoke-access-token-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import type { AccessTokenListItem } from '@/db/queries/access-tokens';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listAccessTokens } from '@/services/access-tokens/list-access-tokens';

export const metadata: Metadata = { title: 'Access tokens' };
export const dynamic = 'force-dynamic';

function status(t: AccessTokenListItem, now: Date) {
  if (t.revokedAt) return <Badge tone="red">revoked</Badge>;
  if (t.expiresAt && t.expiresAt <= now) return <Badge tone="amber">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

function TokenTable({ tokens, now, showOwner }: { tokens: AccessTokenListItem[]; now: Date; showOwner: boolean }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No tokens yet.</p>;
  return (
    <Table caption={showOwner ? 'Everyone’s access tokens' : 'Your access tokens'}>
      <thead>
        <tr>
          <Th>Name</Th>
          {showOwner ? <Th>Person</Th> : null}
          <Th>Token</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <Th>Status</Th>
          <Th className="text-right">Actions</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tokens.map((t) => (
          <tr key={t.id} data-testid={`access-token-row-${t.prefix}`}>
            <Td className="font-medium text-slate-900">{t.name}</Td>
            {showOwner ? <Td>{t.userEmail}</Td> : null}
            <Td>
              <code className="text-xs">{t.prefix}_…</code>
            </Td>
            <Td>{formatDateTime(t.createdAt)}</Td>
            <Td>{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</Td>
            <Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</Td>
            <Td>{status(t, now)}</Td>
            <Td className="text-right">{t.revokedAt ? null : <RevokeAccessTokenButton id={t.id} label={`${t.name} (${t.prefix})`} />}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export default async function AccessTokensPage() {
  const { user, ctx, denied } = await pageUserWith('access_tokens:own');
  if (denied) return <Forbidden role={user.role} />;
  const seesEveryone = can(user.role, 'access_tokens:manage');
  const [own, everyone] = await Promise.all([listAccessTokens(ctx), seesEveryone ? listAccessTokens(ctx, { everyone: true }) : null]);
  const others = everyone?.filter((t) => t.userId !== user.userId) ?? [];
  return (
    <div className="space-y-6">
      <Card
        title="Create an access token"
        description={
          'For scripts and CI calling the management API as you ("Authorization: Bearer syt_…"). A token acts with your role ' +
          `as it is at each call (now: ${user.role}), never more; it stops working when revoked, when it expires, or when ` +
          'your account is deactivated. Only a hash is stored, so the token is shown once.'
        }
      >
        <CreateAccessTokenForm />
      </Card>
      <Card title={`Your access tokens (${own.length})`}>
        <TokenTable tokens={own} now={ctx.now} showOwner={false} />
      </Card>
      {seesEveryone ? (
        <Card title={`Other people’s access tokens (${others.length})`} description="Admins see and may revoke every person’s tokens.">
          <TokenTable tokens={others} now={ctx.now} showOwner />
        </Card>
      ) : null}
    </div>
  );
}
