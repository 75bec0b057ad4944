import { Money } from '@/components/ui/figures';
import { formatMicros } from '@/lib/format';
import type { DashboardScope } from '@/lib/usage/dashboard-scope';
import type { ServiceContext } from '@/services/context';
import { getMonthEndProjection } from '@/services/dashboard/get-month-end-projection';
import { Stat } from './stat';

/** This month so far and where it is heading at the last week's rate (always the current month). */
export async function ProjectionCard({ ctx, scope }: { ctx: ServiceContext; scope: DashboardScope }) {
  const p = await getMonthEndProjection(ctx, { scope });
  return (
    <Stat
      label={`Projected spend for ${p.month}`}
      value={<Money micros={p.projectedMicros} />}
      testId="projected-spend"
      micros={p.projectedMicros}
      note={`${formatMicros(p.monthToDateMicros)} so far + ${formatMicros(p.dailyRateMicros)}/day (last ${p.runRateDays} full
        days) for the rest of the month`}
    />
  );
}
