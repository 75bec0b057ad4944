/**
 * The widgets of a simulation run's page, each rendering one part of the saved result (lib/simulation/
 * result.ts, frontier.ts). The assumptions are stated beside the figures; unpriced requests and traffic
 * without quality evidence are counted and shown, never filled in.
 */
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatMicros, formatShare } from '@/lib/format';
import type { Frontier, FrontierPoint } from '@/lib/simulation/frontier';
import type { QualityComparison } from '@/lib/simulation/quality';
import type { SimulationResult } from '@/lib/simulation/result';
import type { Assumptions, CompareRow } from '@/lib/simulation/types';
import type { Interval } from '@/lib/stats/intervals';
import { ByDayChart, FrontierChart } from './charts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const interval = (i: Interval | null) => (i ? `${pct(i.estimate)} (${pct(i.low)} – ${pct(i.high)})` : 'no evidence');
const signed = (micros: number) => (micros > 0 ? `+${formatMicros(micros)}` : formatMicros(micros));
const label = (key: string | null) => key ?? '(none)';

export function AssumptionsNote({ assumptions }: { assumptions: Assumptions }) {
  return (
    <p className="text-xs text-slate-500" data-testid="assumptions">
      Assumptions:{' '}
      {assumptions.cache === 'lost-when-moved'
        ? 'a request moved to another model loses its cache (priced as uncached input)'
        : 'the new model caches as well (cache reads and writes kept)'}
      ; output length unchanged; budgets: {assumptions.budgets}. Prices in force at each request’s time, long-context tiers per request.
    </p>
  );
}

export function TotalsCard({ result }: { result: SimulationResult }) {
  const t = result.totals;
  const savings = t.comparable.savingsMicros;
  return (
    <Card title="Cost: actual against simulated" description="Requests priced on both sides; unpriced requests are counted apart.">
      <dl className="grid gap-4 sm:grid-cols-4" data-testid="sim-totals">
        <div>
          <dt className="text-xs uppercase text-slate-500">Actual</dt>
          <dd className="text-xl font-semibold" data-micros={t.comparable.actualMicros}>
            {formatMicros(t.comparable.actualMicros)}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Simulated</dt>
          <dd className="text-xl font-semibold" data-micros={t.comparable.simulatedMicros}>
            {formatMicros(t.comparable.simulatedMicros)}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Savings</dt>
          <dd
            className={`text-xl font-semibold ${savings >= 0 ? 'text-emerald-700' : 'text-red-700'}`}
            data-testid="sim-savings"
            data-micros={savings}
          >
            {formatMicros(savings)} ({formatShare(savings, t.comparable.actualMicros)})
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Requests moved</dt>
          <dd className="text-xl font-semibold">
            {formatInteger(t.movedRequests)} of {formatInteger(t.requests)}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        Unpriced: {formatInteger(t.actual.unpricedRequests)} actual, {formatInteger(t.simulated.unpricedRequests)} simulated. Grouped
        pricing is within {formatMicros(t.roundingBoundMicros)} of a request-by-request replay.
      </p>
      <AssumptionsNote assumptions={result.assumptions} />
    </Card>
  );
}

export function ByDayCard({ result }: { result: SimulationResult }) {
  const rows = result.byDay.map((d) => ({ day: d.key, actual: d.actual.costMicros, simulated: d.simulated.costMicros }));
  return (
    <Card title="Per day" description="Actual and simulated cost per local day.">
      <ByDayChart rows={rows} />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600">The figures</summary>
        <CompareTable rows={result.byDay} keyLabel="Day" />
      </details>
    </Card>
  );
}

function CompareTable({ rows, keyLabel }: { rows: CompareRow<string | null>[]; keyLabel: string }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>{keyLabel}</Th>
          <Th className="text-right">Requests (actual → simulated)</Th>
          <Th className="text-right">Actual</Th>
          <Th className="text-right">Simulated</Th>
          <Th className="text-right">Change</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={String(r.key)}>
            <Td>{label(r.key)}</Td>
            <Td className="text-right">
              {formatInteger(r.actual.requests)} → {formatInteger(r.simulated.requests)}
            </Td>
            <Td className="text-right">{formatMicros(r.actual.costMicros)}</Td>
            <Td className="text-right">{formatMicros(r.simulated.costMicros)}</Td>
            <Td className="text-right">{signed(r.simulated.costMicros - r.actual.costMicros)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function BreakdownCard({ result, by }: { result: SimulationResult; by: 'mode' | 'task' | 'tier' | 'model' }) {
  const rows = { mode: result.byMode, task: result.byTask, tier: result.byTier, model: result.byModel }[by];
  const note = by === 'tier' || by === 'model' ? ` Actual by the served ${by}, simulated by the routed ${by}.` : '';
  return (
    <Card title={`Per ${by}`} description={`Requests and cost per ${by}.${note}`}>
      <CompareTable rows={rows} keyLabel={by} />
    </Card>
  );
}

export function MovesCard({ result }: { result: SimulationResult }) {
  const froms = [...new Set(result.moves.map((m) => m.from))].sort();
  const tos = [...new Set(result.moves.map((m) => m.to))].sort();
  const at = (f: string, t: string) => result.moves.find((m) => m.from === f && m.to === t);
  return (
    <Card title="From → to" description="Requests and spend moved from the served model (rows) to the simulated model (columns).">
      <Table>
        <thead>
          <tr>
            <Th>from \ to</Th>
            {tos.map((t) => (
              <Th key={t}>{t}</Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {froms.map((f) => (
            <tr key={f}>
              <Td className="font-medium">{f}</Td>
              {tos.map((t) => {
                const m = at(f, t);
                return (
                  <Td key={t} className={f === t ? 'bg-slate-50' : ''}>
                    {m ? (
                      <>
                        {formatInteger(m.actual.requests)} req
                        <br />
                        {formatMicros(m.actual.costMicros)} → {formatMicros(m.simulated.costMicros)}
                      </>
                    ) : (
                      '—'
                    )}
                  </Td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export function RulesCard({ result }: { result: SimulationResult }) {
  const total = result.totals.requests;
  return (
    <Card title="Per rule" description="The traffic and spend each rule of the candidate takes.">
      <Table>
        <thead>
          <tr>
            <Th>Rule</Th>
            <Th className="text-right">Traffic</Th>
            <Th className="text-right">Moved</Th>
            <Th className="text-right">Actual</Th>
            <Th className="text-right">Simulated</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {result.byRule.map((r) => (
            <tr key={`${r.kind}${r.ruleId ?? r.tier}`}>
              <Td>{r.kind === 'rule' ? r.ruleId : r.kind === 'tier-alias' ? `switchyard/${r.tier}` : 'passed through'}</Td>
              <Td className="text-right">
                {formatInteger(r.simulated.requests)} ({formatShare(r.simulated.requests, total)})
              </Td>
              <Td className="text-right">{formatInteger(r.movedRequests)}</Td>
              <Td className="text-right">{formatMicros(r.actual.costMicros)}</Td>
              <Td className="text-right">{formatMicros(r.simulated.costMicros)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export function SessionsCard({ result }: { result: SimulationResult }) {
  if (result.topSessions.length === 0) return <Card title="Sessions that change most">No sessions in this run.</Card>;
  return (
    <Card title="Sessions that change most" description="By the size of the change in their cost.">
      <Table>
        <thead>
          <tr>
            <Th>Session</Th>
            <Th className="text-right">Requests</Th>
            <Th className="text-right">Actual</Th>
            <Th className="text-right">Simulated</Th>
            <Th className="text-right">Change</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {result.topSessions.map((s) => (
            <tr key={s.sessionId}>
              <Td className="font-mono text-xs">{s.sessionId}</Td>
              <Td className="text-right">{formatInteger(s.actual.requests)}</Td>
              <Td className="text-right">{formatMicros(s.actual.costMicros)}</Td>
              <Td className="text-right">{formatMicros(s.simulated.costMicros)}</Td>
              <Td className="text-right">{signed(s.deltaMicros)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export function QualityCard({ quality }: { quality: QualityComparison }) {
  const q = quality;
  const metric = q.metric === 'success' ? 'success rate' : 'mean score';
  return (
    <Card
      title="Quality kept"
      description={
        `Observed ${metric} per model × mode × task cell, ${Math.round(q.confidence * 100)} % intervals; ` +
        `cells under ${q.minOutcomes} outcomes are no evidence.`
      }
    >
      <dl className="grid gap-4 sm:grid-cols-3" data-testid="sim-quality">
        <div>
          <dt className="text-xs uppercase text-slate-500">Actual traffic</dt>
          <dd className="font-semibold">{interval(q.reference.estimate)}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Simulated traffic</dt>
          <dd className="font-semibold">{interval(q.candidate.estimate)}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Quality kept (simulated ÷ actual)</dt>
          <dd className="font-semibold" data-testid="sim-quality-kept">
            {interval(q.paired.ratio)}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-sm" data-testid="sim-no-evidence">
        <Badge tone={q.candidate.movedIntoNoEvidenceRequests > 0 ? 'amber' : 'green'}>No evidence</Badge>{' '}
        {formatInteger(q.candidate.noEvidenceRequests)} simulated requests land in cells without evidence (
        {formatInteger(q.candidate.movedIntoNoEvidenceRequests)} of them moved there); they are left out of the estimate, not guessed.
      </p>
    </Card>
  );
}

export function CellsCard({ result }: { result: SimulationResult }) {
  const table = result.cells[result.quality.success.metric];
  const cells = [...table.cells].sort((a, b) => b.n - a.n).slice(0, 60);
  return (
    <Card
      title="Observed quality per cell"
      description={`The ${cells.length} cells with the most outcomes (success rate, Wilson interval).`}
    >
      <Table>
        <thead>
          <tr>
            <Th>Model</Th>
            <Th>Mode</Th>
            <Th>Task</Th>
            <Th className="text-right">Outcomes</Th>
            <Th className="text-right">Success rate</Th>
            <Th className="text-right">Mean score</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {cells.map((c) => {
            const score = result.cells.score.cells.find((s) => s.key === c.key);
            return (
              <tr key={c.key}>
                <Td>{c.model}</Td>
                <Td>{label(c.mode)}</Td>
                <Td>{label(c.task)}</Td>
                <Td className="text-right">{formatInteger(c.n)}</Td>
                <Td className="text-right">{c.evidence ? interval(c.interval) : <Badge tone="amber">no evidence</Badge>}</Td>
                <Td className="text-right">{score?.evidence ? interval(score.interval) : <Badge tone="amber">no evidence</Badge>}</Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}

export function FrontierCard({ frontier, simulateHref }: { frontier: Frontier; simulateHref: (p: FrontierPoint) => string }) {
  const dots = frontier.points
    .filter((p) => p.quality.estimate !== null)
    .map((p) => ({ id: p.id, kind: p.kind, cost: p.costMicros, quality: p.quality.estimate!.estimate, onFront: p.onFront }));
  const front = frontier.points.filter((p) => p.onFront).sort((a, b) => a.costMicros - b.costMicros);
  return (
    <Card
      title="Cost–quality frontier"
      description={
        `For each of the busiest modes (${frontier.modes.join(', ')}): keep the base table’s decision or send it to one tier. ` +
        'Only points with evidence for all moved traffic can be on the front.'
      }
    >
      <FrontierChart points={dots} />
      <Table caption="The Pareto front">
        <thead>
          <tr>
            <Th>Front point</Th>
            <Th className="text-right">Cost</Th>
            <Th className="text-right">Quality</Th>
            <Th />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {front.map((p) => (
            <tr key={`${p.kind}${p.id}`}>
              <Td>{p.kind === 'candidate' ? p.id : p.kind}</Td>
              <Td className="text-right">{formatMicros(p.costMicros)}</Td>
              <Td className="text-right">{interval(p.quality.estimate)}</Td>
              <Td>
                {p.kind === 'candidate' ? (
                  <Link className="text-brand-700 hover:underline" href={simulateHref(p)}>
                    Simulate as a candidate
                  </Link>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
