import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BudgetControls } from '@/components/budgets/budget-controls';
import { BudgetForm } from '@/components/budgets/budget-form';
import { BurnDownChart } from '@/components/budgets/burn-down-chart';
import { formValueOf } from '@/components/budgets/form-value';
import { StateBadge } from '@/components/budgets/state-badge';
import { Forbidden } from '@/components/shell/forbidden';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { scopeSummary, unpricedNote } from '@/lib/alerts/payload';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { formatDateTime, formatMicros } from '@/lib/format';
import { explorerSearch } from '@/lib/usage/explorer-state';
import { pageUserWith } from '@/server/auth/page-permission';
import { getBudget } from '@/services/budgets/get-budget';
import { getBudgetFormOptions } from '@/services/budgets/get-budget-form-options';

export const metadata: Metadata = { title: 'Budget' };
export const dynamic = 'force-dynamic';

export default async function BudgetPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, ctx, denied } = await pageUserWith('dashboards:read');
  if (denied) return <Forbidden role={user.role} />;
  const { id } = await params;
  const period = (await searchParams).period;
  const detail = await getBudget(ctx, { id, ...(typeof period === 'string' ? { period } : {}) }).catch((err) => {
    if (err instanceof AppError && (err.code === 'not_found:budget' || err.code === 'bad_request:budget')) notFound();
    throw err;
  });
  const options = await getBudgetFormOptions(ctx);
  const names = new Map(options.projects.map((p) => [p.id, p.name]));
  const { budget, forecast } = detail;
  const c = budget.current!;
  const editor = can(user.role, 'budgets:edit');
  return (
    <div className="space-y-6">
      <PageHeader title={budget.name} description={`${budget.periodText} · ${scopeSummary(budget.scope, (p) => names.get(p) ?? p)}`}>
        {editor ? <BudgetControls id={budget.id} name={budget.name} paused={budget.paused} /> : null}
      </PageHeader>
      <Card title={`${c.period.label}${detail.isCurrent ? '' : ' (past period)'}`}>
        <div className="grid gap-4 p-5 md:grid-cols-5" data-testid="budget-figures">
          <div>
            <div className="text-xs text-slate-500">Spent</div>
            <div className="text-lg font-semibold tabular-nums">{formatMicros(c.spendMicros)}</div>
          </div>
          <div>
            <div className="text-xs text-slate-500">Budget</div>
            <div className="text-lg font-semibold tabular-nums">{formatMicros(budget.amountMicros)}</div>
          </div>
          <div>
            <div className="text-xs text-slate-500">Used</div>
            <div className="text-lg font-semibold tabular-nums">{c.percentText}</div>
          </div>
          <div>
            <div className="text-xs text-slate-500">Remaining</div>
            <div className="text-lg font-semibold tabular-nums">{formatMicros(c.remainingMicros)}</div>
          </div>
          <div>
            <div className="text-xs text-slate-500">State</div>
            <StateBadge state={c.state} />
            {budget.paused ? <span className="ml-2 text-xs text-slate-500">paused: no alerts, no action</span> : null}
          </div>
        </div>
        <div className="space-y-1 px-5 pb-4 text-sm text-slate-600">
          {unpricedNote(c) ? <p>{unpricedNote(c)}</p> : null}
          <p>
            From {detail.source}.{' '}
            <Link className="text-brand-700 hover:underline" href={`/usage?${explorerSearch(detail.explorer.state)}`}>
              Open in Usage
            </Link>
            {detail.explorer.note ? ` (${detail.explorer.note})` : ''}
          </p>
          <p>
            When exceeded:{' '}
            {budget.action.kind === 'downgrade'
              ? `downgrade to the ${budget.action.tier} tier`
              : budget.action.kind === 'block'
                ? 'block'
                : 'notify'}
            . Thresholds: {budget.thresholds.map((t) => `${t} %`).join(', ')}.
          </p>
        </div>
      </Card>
      {forecast ? (
        <Card title="Burn-down and forecast">
          <div className="space-y-3 p-5">
            <p className="text-sm text-slate-800" data-testid="budget-forecast">
              {forecast.projectedMicros !== null ? `Projected at period end: ${formatMicros(forecast.projectedMicros)}. ` : ''}
              {forecast.exceedsOnText
                ? c.state === 'exceeded'
                  ? `Exceeded on ${forecast.exceedsOnText}.`
                  : `Exceeds on ${forecast.exceedsOnText}.`
                : forecast.method === 'none'
                  ? ''
                  : 'Not projected to exceed this period.'}
            </p>
            <p className="text-xs text-slate-500">Method: {forecast.description}</p>
            <BurnDownChart series={forecast.series} thresholds={forecast.thresholdLines} />
          </div>
        </Card>
      ) : (
        <Card title="Forecast">
          <p className="p-5 text-sm text-slate-600">Rolling windows have no forecast: their end is always now.</p>
        </Card>
      )}
      <Card title="Past periods">
        {detail.history.length === 0 ? (
          <p className="text-sm text-slate-600">No earlier period with recorded usage.</p>
        ) : (
          <Table caption="Past periods">
            <thead>
              <tr>
                <Th>Period</Th>
                <Th className="text-right">Spent</Th>
                <Th className="text-right">Used</Th>
                <Th>State</Th>
                <Th>Unpriced</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {detail.history.map((h) => (
                <tr key={h.period.key}>
                  <Td>
                    <Link
                      className="text-brand-700 hover:underline"
                      href={`/budgets/${budget.id}?period=${encodeURIComponent(h.period.key)}`}
                    >
                      {h.period.label}
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{formatMicros(h.status.spendMicros)}</Td>
                  <Td className="text-right tabular-nums">{h.status.percentText}</Td>
                  <Td>
                    <StateBadge state={h.status.state} />
                  </Td>
                  <Td className="text-xs text-slate-600">
                    {h.status.unpricedRequests > 0 ? `${h.status.unpricedRequests} requests` : '—'}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title={`Alerts (${detail.alerts.length})`}>
        {detail.alerts.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">No alerts yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {detail.alerts.map((a) => (
              <li key={a.id} className="px-5 py-2">
                <span className="text-slate-500">{formatDateTime(a.createdAt, detail.timeZone)}</span> — {a.payload.data.headline}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editor ? (
        <Card title="Edit budget">
          <div className="p-5">
            <BudgetForm initial={formValueOf(budget)} projects={options.projects} tiers={options.tiers} channels={options.channels} />
          </div>
        </Card>
      ) : null}
    </div>
  );
}
