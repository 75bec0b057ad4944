import { Money } from '@/components/ui/figures';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatShare } from '@/lib/format';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getSpendBy } from '@/services/dashboard/get-spend-by';

/** Spend by the routing rule that chose the model; not shown when no request in the period was routed. */
export async function RoutingCard({ ctx, scope, explorerHref }: { ctx: ServiceContext; scope: DashboardScope; explorerHref: string }) {
  const rows = await getSpendBy(ctx, { scope, groupBy: [{ dimension: 'routing' }] });
  if (!rows.some((r) => r.keys[0] !== '')) return null;
  const total = rows.reduce((a, r) => a + r.costMicros, 0);
  return (
    <Card
      title="Spend by routing decision"
      description="The rule a gateway applied to each request; “not routed” means the client chose the model."
      actions={
        <Link className="text-sm text-brand-600 hover:underline" href={explorerHref}>
          Explore →
        </Link>
      }
    >
      <Table caption="Spend by routing rule">
        <thead>
          <tr>
            <Th>Rule</Th>
            <Th className="text-right">Requests</Th>
            <Th className="text-right">Spend</Th>
            <Th className="text-right">Share</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100" data-testid="routing-table">
          {rows.map((r) => (
            <tr key={r.keys[0]}>
              <Td>{r.keys[0] || 'not routed'}</Td>
              <Td className="text-right tabular-nums">{formatInteger(r.requests)}</Td>
              <Td className="text-right tabular-nums">
                <Money micros={r.costMicros} />
              </Td>
              <Td className="text-right tabular-nums">{formatShare(r.costMicros, total)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
