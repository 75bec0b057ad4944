'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { niceTicks } from '@/lib/charts/ticks';
import { formatAxisDollars, formatDuration, formatMicros, formatPercent } from '@/lib/format';
import { bucketLabel, type Granularity } from '@/lib/time/buckets';

const PALETTE = ['#1f63db', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#64748b'];

/** What the values are: milliseconds, a fraction shown as a percentage, or micro-dollars. */
export type LineUnit = 'ms' | 'fraction' | 'micros';

const TICK: Record<LineUnit, (v: number) => string> = {
  ms: (v) => formatDuration(v),
  fraction: (v) => formatPercent(v * 100, v * 100 >= 10 || v === 0 ? 0 : 1),
  micros: (v) => formatAxisDollars(v),
};
const VALUE: Record<LineUnit, (v: number) => string> = {
  ms: (v) => formatDuration(v),
  fraction: (v) => formatPercent(v * 100),
  micros: (v) => formatMicros(v),
};

/**
 * Values per time bucket (`bucket`: local start `YYYY-MM-DDTHH:MM`), one line per key; a null value is a gap
 * (nothing to measure in that bucket). The y-axis has round ticks (lib/charts/ticks.ts) from 0.
 */
export function TimeLineChart({
  rows,
  keys,
  unit,
  granularity,
  timeZone,
  label,
  height = 'h-56',
}: {
  rows: Record<string, number | string | null>[];
  keys: string[];
  unit: LineUnit;
  granularity: Granularity;
  timeZone: string;
  label: string;
  height?: string;
}) {
  const max = Math.max(0, ...rows.flatMap((r) => keys.map((k) => (typeof r[k] === 'number' ? (r[k] as number) : 0))));
  const ticks = niceTicks(max, 4, unit === 'micros');
  return (
    <div className={`${height} w-full`} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="bucket"
            tickFormatter={(b: string) =>
              granularity === 'hour' ? b.slice(5).replace('T', ' ') : bucketLabel(b, granularity).slice(granularity === 'month' ? 0 : 5)
            }
            tick={{ fontSize: 11 }}
            minTickGap={16}
          />
          <YAxis ticks={ticks} domain={[0, ticks.at(-1)!]} tickFormatter={TICK[unit]} tick={{ fontSize: 11 }} width={64} />
          <Tooltip
            formatter={(value) => VALUE[unit](Number(value))}
            labelFormatter={(b) => `${bucketLabel(String(b), granularity)} (${timeZone})`}
          />
          {keys.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {keys.map((k, i) => (
            <Line
              key={k}
              dataKey={k}
              type="monotone"
              stroke={PALETTE[i % PALETTE.length]}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
