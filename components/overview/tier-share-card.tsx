import { formatMicros, formatShare } from '@/lib/format';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getSpendBy } from '@/services/dashboard/get-spend-by';
import { Stat } from './stat';

/** Share of spend on the frontier tier: the figure routing is meant to bring down. */
export async function TierShareCard({ ctx, scope }: { ctx: ServiceContext; scope: DashboardScope }) {
  const rows = await getSpendBy(ctx, { scope, groupBy: [{ dimension: 'tier' }] });
  const total = rows.reduce((a, r) => a + r.costMicros, 0);
  const frontier = rows.find((r) => r.keys[0] === 'frontier')?.costMicros ?? 0;
  return (
    <Stat
      label="Spend on frontier models"
      value={formatShare(frontier, total)}
      testId="frontier-share"
      note={rows.map((r) => `${r.keys[0] || '(none)'} ${formatMicros(r.costMicros)}`).join(' · ') || 'no priced requests'}
    />
  );
}
