'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { formatAxisDollars, formatMicros } from '@/lib/format';
import { useOpenAsDraft } from './open-as-draft';

/** Actual against simulated cost per local day; the table beside it has the same figures. */
export function ByDayChart({ rows }: { rows: { day: string; actual: number; simulated: number }[] }) {
  return (
    <div className="h-64 w-full" role="img" aria-label="Actual and simulated cost per day; the table has the same figures">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis tickFormatter={formatAxisDollars} tick={{ fontSize: 11 }} width={56} />
          <Tooltip formatter={(v) => formatMicros(Number(v))} />
          <Legend />
          <Bar dataKey="actual" name="Actual" fill="#64748b" isAnimationActive={false} />
          <Bar dataKey="simulated" name="Simulated" fill="#1f63db" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface FrontierDot {
  id: string;
  kind: 'candidate' | 'actual' | 'draft';
  cost: number;
  quality: number;
  onFront: boolean;
}

/**
 * Estimated cost against estimated quality: every candidate, the Pareto front, the actual traffic and the draft.
 * With `runId`, clicking a candidate point creates a routing draft from it and opens it in the Routing editor.
 */
export function FrontierChart({ points, runId }: { points: FrontierDot[]; runId?: string }) {
  const draft = useOpenAsDraft(runId ?? '');
  const onClick = runId
    ? (dot: unknown) => {
        const p = (dot as { payload?: FrontierDot }).payload;
        if (p?.kind === 'candidate' && !draft.pending) draft.open(p.id);
      }
    : undefined;
  const series = [
    { name: 'Candidates', fill: '#cbd5e1', data: points.filter((p) => p.kind === 'candidate' && !p.onFront) },
    { name: 'Pareto front', fill: '#10b981', data: points.filter((p) => p.kind === 'candidate' && p.onFront) },
    { name: 'Actual traffic', fill: '#0f172a', data: points.filter((p) => p.kind === 'actual') },
    { name: 'This candidate', fill: '#ef4444', data: points.filter((p) => p.kind === 'draft') },
  ];
  return (
    <div className="w-full">
      <div className="h-80 w-full" role="img" aria-label="Cost against quality of candidate tables; the table lists the front">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis type="number" dataKey="cost" name="Cost" tickFormatter={formatAxisDollars} tick={{ fontSize: 11 }} />
            <YAxis
              type="number"
              dataKey="quality"
              name="Quality"
              domain={['auto', 'auto']}
              tickFormatter={(q: number) => `${(q * 100).toFixed(1)} %`}
              tick={{ fontSize: 11 }}
              width={56}
            />
            <ZAxis range={[24, 24]} />
            <Tooltip
              formatter={(v, name) => (name === 'Cost' ? formatMicros(Number(v)) : `${(Number(v) * 100).toFixed(1)} %`)}
              labelFormatter={() => ''}
            />
            <Legend />
            {series.map((s) => (
              <Scatter
                key={s.name}
                name={s.name}
                data={s.data}
                fill={s.fill}
                isAnimationActive={false}
                onClick={onClick}
                cursor={onClick ? 'pointer' : undefined}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      {draft.pending ? <p className="text-xs text-slate-600">Creating a draft from this point…</p> : null}
      {draft.error ? (
        <p role="alert" className="text-xs text-red-700">
          {draft.error}
        </p>
      ) : null}
    </div>
  );
}
