import { getDb } from '@/db/client';
import { monthEndProjection, RUN_RATE_DAYS, type DashboardScope } from '@/db/queries/overview';
import { formatMicros } from '@/lib/format';
import { Stat } from './stat';

/** This month so far and where it is heading at the last week's rate (always the current month). */
export async function ProjectionCard({ scope }: { scope: DashboardScope }) {
  const p = await monthEndProjection(await getDb(), scope, new Date());
  return (
    <Stat
      label={`Projected spend for ${p.month}`}
      value={formatMicros(p.projectedMicros)}
      testId="projected-spend"
      micros={p.projectedMicros}
      note={`${formatMicros(p.monthToDateMicros)} so far + ${formatMicros(p.dailyRateMicros)}/day (last ${RUN_RATE_DAYS} full
        days) for the rest of the month`}
    />
  );
}
