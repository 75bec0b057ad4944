'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { niceTicks } from '@/lib/charts/ticks';
import { formatAxisDollars, formatMicros } from '@/lib/format';
import { bucketLabel, type Granularity } from '@/lib/time/buckets';

const PALETTE = ['#1f63db', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#06b6d4', '#84cc16', '#ec4899', '#64748b', '#a16207'];

/**
 * Spend per time bucket (`bucket` key, local start `YYYY-MM-DDTHH:MM`), stacked by one dimension,
 * with dollars on the axis and in the tooltip. The page always shows the same figures as a table.
 */
export function SpendOverTimeChart({
  rows,
  keys,
  granularity,
  timeZone,
}: {
  rows: Record<string, number | string>[];
  keys: string[];
  granularity: Granularity;
  timeZone: string;
}) {
  // Round ticks (lib/charts/ticks.ts) up to the tallest stack.
  const tallest = Math.max(0, ...rows.map((r) => keys.reduce((a, k) => a + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0)));
  const ticks = niceTicks(tallest, 5, true);
  return (
    <div className="h-72 w-full" role="img" aria-label={`Spend per ${granularity}, stacked; the table has the same figures`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="bucket"
            tickFormatter={(b: string) =>
              granularity === 'hour' ? b.slice(5).replace('T', ' ') : bucketLabel(b, granularity).slice(granularity === 'month' ? 0 : 5)
            }
            tick={{ fontSize: 11 }}
            minTickGap={16}
          />
          <YAxis
            ticks={ticks}
            domain={[0, ticks.at(-1)!]}
            tickFormatter={formatAxisDollars}
            tick={{ fontSize: 11 }}
            width={56}
            label={{ value: `USD / ${granularity}`, angle: -90, position: 'insideLeft', fontSize: 11 }}
          />
          <Tooltip
            formatter={(value) => formatMicros(Number(value))}
            labelFormatter={(b) => `${bucketLabel(String(b), granularity)} (${timeZone})`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {keys.map((k, i) => (
            <Bar key={k} dataKey={k} stackId="spend" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
