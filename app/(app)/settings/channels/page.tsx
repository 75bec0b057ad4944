import type { Metadata } from 'next';
import { DeleteChannelButton, EditChannelForm, SendTestButton } from '@/components/settings/channels/channel-actions';
import { CreateChannelForm } from '@/components/settings/channels/create-channel-form';
import { Forbidden } from '@/components/shell/forbidden';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { getEnv } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listChannelsWithDeliveries } from '@/services/channels/list-channels-with-deliveries';

export const metadata: Metadata = { title: 'Channels' };
export const dynamic = 'force-dynamic';

const KIND_LABEL = { webhook: 'Webhook', slack: 'Slack', email: 'Email' } as const;
const STATUS_TONE = { delivered: 'green', failed: 'red', retrying: 'amber', pending: 'neutral' } as const;

export default async function ChannelsPage() {
  const { user, ctx, denied } = await pageUserWith('channels:manage');
  if (denied) return <Forbidden role={user.role} />;
  const env = getEnv();
  const channels = await listChannelsWithDeliveries(ctx, { perChannel: 5 });
  return (
    <div className="space-y-6">
      <Card
        title="Add a channel"
        description={
          'Where budget alerts are sent. Budgets name their channels; each alert is delivered to each channel once, retried ' +
          'with backoff for more than 24 hours, every attempt logged below.' +
          (env.SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS ? ' Private and loopback addresses are allowed on this server.' : '')
        }
      >
        <CreateChannelForm smtpConfigured={Boolean(env.SWITCHYARD_SMTP_URL && env.SWITCHYARD_SMTP_FROM)} />
      </Card>
      {channels.length === 0 ? (
        <Card title="Channels (0)">
          <p className="text-sm text-slate-600">No channels yet.</p>
        </Card>
      ) : (
        channels.map((c) => {
          const target = 'to' in c.config ? c.config.to.join(', ') : c.config.url;
          return (
            <section key={c.id} data-testid={`channel-${c.name}`} aria-label={`Channel ${c.name}`}>
              <Card
                title={c.name}
                description={`${KIND_LABEL[c.kind]} · ${target}${c.hasSecret ? ' · signed' : ''}`}
                actions={
                  <div className="flex items-start gap-2">
                    <SendTestButton id={c.id} name={c.name} />
                    <DeleteChannelButton id={c.id} name={c.name} />
                  </div>
                }
              >
                <div className="space-y-4">
                  <EditChannelForm id={c.id} kind={c.kind} name={c.name} target={target} />
                  {c.deliveries.length === 0 ? (
                    <p className="text-sm text-slate-600">No deliveries yet.</p>
                  ) : (
                    <Table caption={`Last deliveries to ${c.name}`}>
                      <thead>
                        <tr>
                          <Th>Created</Th>
                          <Th>What</Th>
                          <Th>Status</Th>
                          <Th className="text-right">Attempts</Th>
                          <Th className="text-right">Code</Th>
                          <Th>Last attempt</Th>
                          <Th>Next attempt</Th>
                          <Th>Last error</Th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {c.deliveries.map((d) => (
                          <tr key={d.id} data-testid="delivery-row">
                            <Td>{formatDateTime(d.createdAt)}</Td>
                            <Td>{d.isTest ? 'Test' : 'Alert'}</Td>
                            <Td>
                              <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                            </Td>
                            <Td className="text-right tabular-nums">{d.attempts}</Td>
                            <Td className="text-right tabular-nums">{d.lastStatusCode ?? '—'}</Td>
                            <Td>{d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : '—'}</Td>
                            <Td>{d.nextAttemptAt && d.status !== 'delivered' ? formatDateTime(d.nextAttemptAt) : '—'}</Td>
                            <Td className="max-w-md truncate text-xs text-slate-600">
                              <span title={d.lastError ?? undefined}>{d.lastError ?? '—'}</span>
                            </Td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                  )}
                </div>
              </Card>
            </section>
          );
        })
      )}
    </div>
  );
}
