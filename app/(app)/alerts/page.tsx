import type { Metadata } from 'next';
import Link from 'next/link';
import { AcknowledgeAlertButton } from '@/components/budgets/budget-controls';
import { Forbidden } from '@/components/shell/forbidden';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { formatDateTime, formatMicros } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { listAlerts } from '@/services/budgets/list-alerts';
import { listDeliveriesByAlertIds } from '@/services/channels/list-deliveries-by-alert-ids';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';
import { AlertDeliveries } from '@/components/budgets/alert-deliveries';

export const metadata: Metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

export default async function AlertsPage() {
  const { user, ctx, denied } = await pageUserWith('dashboards:read');
  if (denied) return <Forbidden role={user.role} />;
  const [alerts, timeZone] = await Promise.all([listAlerts(ctx, { limit: 200 }), getOrgTimeZone(ctx)]);
  const deliveries = await listDeliveriesByAlertIds(ctx, { alertIds: alerts.map((a) => a.id) });
  const editor = can(user.role, 'budgets:edit');
  return (
    <div className="space-y-6">
      <PageHeader
        title="Alerts"
        description="One alert per budget, period and threshold (and at most one forecast alert per period), newest first."
      />
      <Card title={`Alerts (${alerts.length})`}>
        {alerts.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">No alerts yet.</p>
        ) : (
          <Table caption="Alerts">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Budget · period</Th>
                <Th>Trigger</Th>
                <Th className="text-right">Spend then</Th>
                <Th>Deliveries</Th>
                <Th className="text-right">Acknowledged</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {alerts.map((a) => (
                <tr key={a.id} data-testid={`alert-row-${a.trigger}`}>
                  <Td className="w-28 whitespace-normal">{formatDateTime(a.createdAt, timeZone)}</Td>
                  <Td className="whitespace-normal font-medium text-slate-900">
                    {a.budgetExists ? (
                      <Link
                        className="text-brand-700 hover:underline"
                        href={`/budgets/${a.budgetId}?period=${encodeURIComponent(a.periodKey)}`}
                      >
                        {a.budgetName}
                      </Link>
                    ) : (
                      <span>{a.budgetName} (deleted)</span>
                    )}
                    <div className="text-xs font-normal text-slate-500">{a.payload.data.period.label}</div>
                  </Td>
                  <Td>
                    {a.type === 'budget.forecast_exceeds' ? (
                      <Badge tone="amber">forecast: will exceed</Badge>
                    ) : (
                      <Badge tone={Number(a.trigger.split(':')[1]) >= 100 ? 'red' : 'amber'}>{a.trigger.replace('threshold:', '')} %</Badge>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {formatMicros(a.spendMicros)}
                    {a.payload.data.spend.unpriced_requests > 0 ? (
                      <div className="text-xs text-slate-500">+ {a.payload.data.spend.unpriced_requests} unpriced requests</div>
                    ) : null}
                  </Td>
                  <Td className="w-64 whitespace-normal text-xs">
                    <AlertDeliveries
                      list={deliveries.get(a.id) ?? []}
                      removed={a.channels.filter((c) => !c.name).length}
                      timeZone={timeZone}
                    />
                  </Td>
                  <Td className="text-right">
                    {a.acknowledgedAt ? (
                      <span className="text-xs text-slate-600">{formatDateTime(a.acknowledgedAt, timeZone)}</span>
                    ) : editor ? (
                      <AcknowledgeAlertButton id={a.id} />
                    ) : (
                      <span className="text-xs text-slate-500">not yet</span>
                    )}
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
