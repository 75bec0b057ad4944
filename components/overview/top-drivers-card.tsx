import { Money } from '@/components/ui/figures';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatShare } from '@/lib/format';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getTopCostDrivers } from '@/services/dashboard/get-top-cost-drivers';

/** The most expensive mode × task × model combinations; each links to the explorer, filtered to it. */
export async function TopDriversCard({ ctx, scope, explorerBase }: { ctx: ServiceContext; scope: DashboardScope; explorerBase: string }) {
  const { rows, limit } = await getTopCostDrivers(ctx, { scope });
  const total = rows.reduce((a, r) => a + r.costMicros, 0);
  const drill = (mode: string, task: string) => {
    const p = new URLSearchParams(explorerBase);
    p.set('group', 'model');
    if (mode) p.append('mode', mode);
    if (task) p.append('task', task);
    return `/usage?${p}`;
  };
  return (
    <Card title={`Top ${limit} cost drivers`} description="Mode × task × model, most expensive first.">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">No requests in this period.</p>
      ) : (
        <Table caption="Top cost drivers">
          <thead>
            <tr>
              <Th>Mode</Th>
              <Th>Task</Th>
              <Th>Model</Th>
              <Th className="text-right">Requests</Th>
              <Th className="text-right">Spend</Th>
              <Th className="text-right">Of these</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="top-drivers">
            {rows.map((r) => (
              <tr key={r.keys.join('|')}>
                <Td>
                  <Link className="text-brand-700 hover:underline" href={drill(r.keys[0]!, r.keys[1]!)}>
                    {r.keys[0] || '(none)'}
                  </Link>
                </Td>
                <Td>{r.keys[1] || '(none)'}</Td>
                <Td className="font-mono text-xs">{r.keys[2]}</Td>
                <Td className="text-right tabular-nums">{formatInteger(r.requests)}</Td>
                <Td className="text-right tabular-nums">
                  <Money micros={r.costMicros} />
                </Td>
                <Td className="text-right tabular-nums">{formatShare(r.costMicros, total)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
