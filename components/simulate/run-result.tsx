/**
 * The widgets of a simulation run's page, each rendering one part of the saved result (lib/simulation/
 * result.ts, frontier.ts). The assumptions are stated beside the figures; unpriced requests and traffic
 * without quality evidence are counted and shown, never filled in.
 */
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { SessionId } from '@/components/ui/session-id';
import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatMicros, formatShare } from '@/lib/format';
import type { Frontier, FrontierPoint } from '@/lib/simulation/frontier';
import type { QualityComparison } from '@/lib/simulation/quality';
import type { SimulationResult } from '@/lib/simulation/result';
import type { Assumptions, CompareRow } from '@/lib/simulation/types';
import type { Interval } from '@/lib/stats/intervals';
import { ByDayChart, FrontierChart } from './charts';
import { OpenAsDraftButton } from './open-as-draft';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const tenth = (x: number) => (x * 100).toFixed(1);
/** An estimate and its interval, compact enough for a table cell: `85.7 % (84.4–87.0 %)`. */
const interval = (i: Interval | null) => (i ? `${pct(i.estimate)} (${tenth(i.low)}–${tenth(i.high)} %)` : 'no evidence');
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

/** A column of a result table: its header, its cell, right-aligned when numeric. */
interface Column<T> {
  header: React.ReactNode;
  cell: (row: T) => React.ReactNode;
  numeric?: boolean;
  className?: string;
}

/** The one table of a run's widgets: rows by columns. */
function ResultTable<T>({
  rows,
  columns,
  rowKey,
  caption,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  caption?: string;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are a fixed list
            <Th key={i} className={c.numeric ? 'text-right' : ''}>
              {c.header}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are a fixed list
              <Td key={i} className={`${c.numeric ? 'text-right tabular-nums' : ''} ${c.className ?? ''}`}>
                {c.cell(r)}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const costColumns = <T extends { actual: { costMicros: number }; simulated: { costMicros: number } }>(): Column<T>[] => [
  { header: 'Actual', numeric: true, cell: (r) => formatMicros(r.actual.costMicros) },
  { header: 'Simulated', numeric: true, cell: (r) => formatMicros(r.simulated.costMicros) },
  { header: 'Change', numeric: true, cell: (r) => signed(r.simulated.costMicros - r.actual.costMicros) },
];

function CompareTable({ rows, keyLabel }: { rows: CompareRow<string | null>[]; keyLabel: string }) {
  return (
    <ResultTable
      rows={rows}
      rowKey={(r) => String(r.key)}
      columns={[
        { header: keyLabel, cell: (r) => label(r.key) },
        {
          header: <span title="Actual → simulated">Requests</span>,
          numeric: true,
          cell: (r) => `${formatInteger(r.actual.requests)} → ${formatInteger(r.simulated.requests)}`,
        },
        ...costColumns<CompareRow<string | null>>(),
      ]}
    />
  );
}

export function BreakdownCard({ result, by }: { result: SimulationResult; by: 'mode' | 'task' | 'tier' | 'model' }) {
  const rows = { mode: result.byMode, task: result.byTask, tier: result.byTier, model: result.byModel }[by];
  const note = by === 'tier' || by === 'model' ? ` Actual by the served ${by}, simulated by the routed ${by}.` : '';
  return (
    <Card title={`Per ${by}`} description={`Requests (actual → simulated) and cost per ${by}.${note}`}>
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
      <Table caption="Requests and spend moved, served model to simulated model">
        <thead>
          <tr>
            <Th>from \ to</Th>
            {/* Model ids break at their slash and dashes: eight columns fit a laptop's width without scrolling. */}
            {tos.map((t) => (
              <Th key={t} className="break-words normal-case">
                {t.replace('/', '/\u200b')}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {froms.map((f) => (
            <tr key={f}>
              <Td className="whitespace-normal break-words font-medium">{f.replace('/', '/\u200b')}</Td>
              {tos.map((t) => {
                const m = at(f, t);
                return (
                  <Td key={t} className={`whitespace-normal text-xs tabular-nums ${f === t ? 'bg-slate-50' : ''}`}>
                    {m ? (
                      <>
                        {formatInteger(m.actual.requests)} req
                        <br />
                        {formatMicros(m.actual.costMicros)} →<br />
                        {formatMicros(m.simulated.costMicros)}
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
  type RuleRow = SimulationResult['byRule'][number];
  return (
    <Card title="Per rule" description="The traffic and spend each rule of the candidate takes.">
      <ResultTable<RuleRow>
        rows={result.byRule}
        rowKey={(r) => `${r.kind}${r.ruleId ?? r.tier}`}
        columns={[
          {
            header: 'Rule',
            cell: (r) => (r.kind === 'rule' ? r.ruleId : r.kind === 'tier-alias' ? `switchyard/${r.tier}` : 'passed through'),
          },
          {
            header: 'Traffic',
            numeric: true,
            cell: (r) => `${formatInteger(r.simulated.requests)} (${formatShare(r.simulated.requests, total)})`,
          },
          { header: 'Moved', numeric: true, cell: (r) => formatInteger(r.movedRequests) },
          ...costColumns<RuleRow>(),
        ]}
      />
    </Card>
  );
}

export function SessionsCard({ result, scope }: { result: SimulationResult; scope?: number }) {
  const title = 'Sessions that change most';
  if (result.topSessions.length === 0) return <Card title={title}>No sessions in this run.</Card>;
  type SessionRow = SimulationResult['topSessions'][number];
  return (
    <Card
      title={title}
      description={`By the size of the change in their cost${scope ? `, among the ${formatInteger(scope)} costliest sessions` : ''}.`}
    >
      <ResultTable<SessionRow>
        rows={result.topSessions}
        rowKey={(s) => s.sessionId}
        columns={[
          { header: 'Session', cell: (s) => <SessionId id={s.sessionId} /> },
          { header: 'Requests', numeric: true, cell: (s) => formatInteger(s.actual.requests) },
          ...costColumns<SessionRow>(),
        ]}
      />
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
  type CellRow = (typeof cells)[number];
  const scores = new Map(result.cells.score.cells.map((c) => [c.key, c]));
  const evidenceOf = (c: CellRow | undefined) => (c?.evidence ? interval(c.interval) : <Badge tone="amber">no evidence</Badge>);
  return (
    <Card
      title="Observed quality per cell"
      description={`The ${cells.length} cells with the most outcomes (success rate, Wilson interval).`}
    >
      <ResultTable<CellRow>
        rows={cells}
        rowKey={(c) => c.key}
        columns={[
          { header: 'Model', cell: (c) => c.model },
          { header: 'Mode', cell: (c) => label(c.mode) },
          { header: 'Task', cell: (c) => label(c.task) },
          { header: 'Outcomes', numeric: true, cell: (c) => formatInteger(c.n) },
          { header: 'Success rate', numeric: true, cell: (c) => evidenceOf(c) },
          { header: 'Mean score', numeric: true, cell: (c) => evidenceOf(scores.get(c.key)) },
        ]}
      />
    </Card>
  );
}

export function FrontierCard({ frontier, runId, canEdit }: { frontier: Frontier; runId: string; canEdit: boolean }) {
  const dots = frontier.points
    .filter((p) => p.quality.estimate !== null)
    .map((p) => ({ id: p.id, kind: p.kind, cost: p.costMicros, quality: p.quality.estimate!.estimate, onFront: p.onFront }));
  // Points that differ only in choices the base already makes cost and score alike: one row, the fewest changes.
  const changes = (p: FrontierPoint) => Object.values(p.assignment).filter((c) => c !== 'base').length;
  const alike = new Map<string, { point: FrontierPoint; others: number }>();
  for (const p of frontier.points.filter((q) => q.onFront).sort((a, b) => changes(a) - changes(b))) {
    const key = `${p.kind === 'candidate' ? '' : p.kind}|${p.costMicros}|${p.quality.estimate?.estimate ?? ''}`;
    const seen = alike.get(key);
    if (seen) seen.others += 1;
    else alike.set(key, { point: p, others: 0 });
  }
  const front: Array<{ point: FrontierPoint; others: number; offFront?: boolean }> = [...alike.values()].sort(
    (a, b) => a.point.costMicros - b.point.costMicros,
  );
  // The base table can always be opened as a draft, also when no candidate has the evidence to be on the front.
  const base = frontier.points.find((p) => p.kind === 'candidate' && p.id === 'base');
  if (base && !front.some((r) => r.point === base)) front.push({ point: base, others: 0, offFront: true });
  const pointLabel = (p: FrontierPoint) =>
    p.kind !== 'candidate' ? p.kind : p.id === 'base' ? 'the base table' : p.id.replaceAll('=', ' → ').replaceAll(',', ', ');
  return (
    <Card
      title="Cost–quality frontier"
      description={
        `For each of the busiest modes (${frontier.modes.join(', ')}): keep the base table’s decision or send it to one tier. ` +
        'Only points with evidence for all moved traffic can be on the front.' +
        (canEdit ? ' Click a point to open it as a routing draft.' : '')
      }
    >
      <FrontierChart points={dots} runId={canEdit ? runId : undefined} />
      <ResultTable<{ point: FrontierPoint; others: number; offFront?: boolean }>
        caption="The Pareto front"
        rows={front}
        rowKey={({ point: p }) => `${p.kind}${p.id}`}
        columns={[
          {
            header: 'Front point',
            cell: ({ point, others, offFront }) => (
              <>
                {pointLabel(point)}
                {others > 0 ? <span className="ml-1 text-xs text-slate-500">(and {formatInteger(others)} alike)</span> : null}
                {offFront ? <span className="ml-1 text-xs text-slate-500">(not on the front)</span> : null}
              </>
            ),
          },
          { header: 'Cost', numeric: true, cell: ({ point }) => formatMicros(point.costMicros) },
          { header: 'Quality', numeric: true, cell: ({ point }) => interval(point.quality.estimate) },
          {
            header: <span className="sr-only">Open</span>,
            className: 'whitespace-nowrap',
            cell: ({ point }) => (point.kind === 'candidate' && canEdit ? <OpenAsDraftButton runId={runId} point={point.id} /> : null),
          },
        ]}
      />
    </Card>
  );
}
