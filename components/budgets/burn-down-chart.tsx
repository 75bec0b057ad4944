'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisDollars, formatMicros } from '@/lib/format';

/** Cumulative spend of the period (solid), the projection to its end (dashed) and the thresholds (lib/budgets/forecast.ts series). */
export function BurnDownChart({
  series,
  thresholds,
}: {
  series: Array<{ day: string; actualMicros: number | null; projectedMicros: number | null }>;
  thresholds: Array<{ percent: number; micros: number }>;
}) {
  return (
    <div className="h-72" data-testid="burn-down-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={series} margin={{ top: 10, right: 40, bottom: 0, left: 10 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
          <YAxis tickFormatter={(v: number) => formatAxisDollars(v)} fontSize={12} width={70} />
          <Tooltip formatter={(v) => formatMicros(Number(v))} />
          {thresholds.map((t) => (
            <ReferenceLine
              key={t.percent}
              y={t.micros}
              stroke={t.percent >= 100 ? '#dc2626' : '#d97706'}
              strokeDasharray="4 4"
              label={{ value: `${t.percent} %`, position: 'right', fontSize: 11 }}
            />
          ))}
          <Line type="monotone" dataKey="actualMicros" name="Spent" stroke="#2563eb" strokeWidth={2} dot={false} connectNulls={false} />
          <Line
            type="monotone"
            dataKey="projectedMicros"
            name="Projected"
            stroke="#64748b"
            strokeDasharray="6 4"
            strokeWidth={2}
            dot={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
