import type { Metadata } from 'next';
import Link from 'next/link';
import { BudgetForm } from '@/components/budgets/budget-form';
import { EMPTY_BUDGET_FORM } from '@/components/budgets/form-value';
import { StateBadge } from '@/components/budgets/state-badge';
import { Forbidden } from '@/components/shell/forbidden';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { scopeSummary, unpricedNote } from '@/lib/alerts/payload';
import { can } from '@/lib/auth/permissions';
import { formatMicros } from '@/lib/format';
import { pageUserWith } from '@/server/auth/page-permission';
import { getBudgetFormOptions } from '@/services/budgets/get-budget-form-options';
import { listBudgets } from '@/services/budgets/list-budgets';

export const metadata: Metadata = { title: 'Budgets' };
export const dynamic = 'force-dynamic';

export default async function BudgetsPage() {
  const { user, ctx, denied } = await pageUserWith('dashboards:read');
  if (denied) return <Forbidden role={user.role} />;
  const [{ budgets, timeZone }, options] = await Promise.all([listBudgets(ctx), getBudgetFormOptions(ctx)]);
  const names = new Map(options.projects.map((p) => [p.id, p.name]));
  const editor = can(user.role, 'budgets:edit');
  return (
    <div className="space-y-6">
      <PageHeader
        title="Budgets"
        description={`Spend per budget in its current period (${timeZone}), read from the same rollups as the usage explorer.`}
      />
      <Card title={`Budgets (${budgets.length})`}>
        {budgets.length === 0 ? (
          <p className="text-sm text-slate-600">No budgets yet.{editor ? ' Create one below.' : ''}</p>
        ) : (
          <Table caption="Budgets">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Scope</Th>
                <Th>Period</Th>
                <Th className="text-right">Spent</Th>
                <Th className="text-right">Budget</Th>
                <Th className="text-right">Used</Th>
                <Th className="text-right">Remaining</Th>
                <Th>State</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {budgets.map((b) => (
                <tr key={b.id} data-testid={`budget-row-${b.name}`}>
                  <Td className="font-medium text-slate-900">
                    <Link href={`/budgets/${b.id}`} className="text-brand-700 hover:underline">
                      {b.name}
                    </Link>
                    {b.paused ? <span className="ml-2 text-xs text-slate-500">(paused)</span> : null}
                  </Td>
                  <Td className="max-w-xs whitespace-normal">{scopeSummary(b.scope, (id) => names.get(id) ?? id)}</Td>
                  <Td>
                    {b.periodText}
                    <div className="text-xs text-slate-500">{b.current?.period.label}</div>
                  </Td>
                  <Td className="text-right tabular-nums">
                    {formatMicros(b.current?.spendMicros ?? 0)}
                    {b.current && b.current.unpricedRequests > 0 ? (
                      <div className="text-xs text-amber-700" title={unpricedNote(b.current) ?? undefined}>
                        + {b.current.unpricedRequests.toLocaleString('en-US')} requests of unknown price
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-right tabular-nums">{formatMicros(b.amountMicros)}</Td>
                  <Td className="text-right tabular-nums">{b.current?.percentText}</Td>
                  <Td className="text-right tabular-nums">{formatMicros(b.current?.remainingMicros ?? b.amountMicros)}</Td>
                  <Td>{b.current ? <StateBadge state={b.current.state} /> : null}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {editor ? (
        <Card title="New budget" description="Members and admins create budgets; an alert is sent once per threshold and period.">
          <BudgetForm initial={EMPTY_BUDGET_FORM} projects={options.projects} tiers={options.tiers} channels={options.channels} />
        </Card>
      ) : null}
    </div>
  );
}
