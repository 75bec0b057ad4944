import { getDb } from '@/db/client';
import { spendBy, type DashboardScope } from '@/db/queries/overview';
import { formatMicros } from '@/lib/format';
import { sharePercent } from '@/lib/usage/explorer-table';
import { Stat } from './stat';

/** Share of spend on the frontier tier: the figure routing is meant to bring down. */
export async function TierShareCard({ scope }: { scope: DashboardScope }) {
  const rows = await spendBy(await getDb(), scope, [{ dimension: 'tier' }]);
  const total = rows.reduce((a, r) => a + r.costMicros, 0);
  const frontier = rows.find((r) => r.keys[0] === 'frontier')?.costMicros ?? 0;
  return (
    <Stat
      label="Spend on frontier models"
      value={sharePercent(frontier, total)}
      testId="frontier-share"
      note={rows.map((r) => `${r.keys[0] || '(none)'} ${formatMicros(r.costMicros)}`).join(' · ') || 'no priced requests'}
    />
  );
}
