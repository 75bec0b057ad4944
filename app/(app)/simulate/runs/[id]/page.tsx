import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Widget, WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { DeleteRunButton, RerunForm, RunProgress } from '@/components/simulate/run-actions';
import {
  BreakdownCard,
  ByDayCard,
  CellsCard,
  FrontierCard,
  MovesCard,
  QualityCard,
  RulesCard,
  SessionsCard,
  TotalsCard,
} from '@/components/simulate/run-result';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { formatDateTime, formatInteger } from '@/lib/format';
import type { Frontier } from '@/lib/simulation/frontier';
import type { SimulationResult } from '@/lib/simulation/result';
import type { ScanSummary } from '@/lib/simulation/scan-plan';
import { getPageContext } from '@/server/auth/page-guard';
import type { StoredSimulationInputs } from '@/services/simulations/execute-simulation-run';
import { getSimulationRun } from '@/services/simulations/get-simulation-run';

export const metadata: Metadata = { title: 'Simulation run' };
export const dynamic = 'force-dynamic';

interface StoredResult {
  simulation: SimulationResult;
  frontier: Frontier | null;
  plan: { scan?: ScanSummary; sessionScope?: number };
  stats: { rows: number; sessionRows: number; durationMs: number };
}

const SCAN_WORDS: Record<ScanSummary['path'], string> = {
  rollup: 'from the daily rollup',
  raw: 'from raw events',
  mixed: 'from the daily rollup and raw events',
};

function scanNote(scan: ScanSummary | undefined): string {
  if (!scan) return '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const days =
    scan.path === 'mixed' ? ` (${plural(scan.rollupDays, 'day')} from the rollup, ${plural(scan.rawSlices, 'slice')} from raw events)` : '';
  return ` ${SCAN_WORDS[scan.path]}${days}${scan.rawReason && scan.path === 'raw' ? `: ${scan.rawReason}` : ''}`;
}

/** Each widget renders its part of the saved result inside its own boundary. */
function Part({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Widget title={title} fallback={<WidgetSkeleton title={title} />}>
      {children}
    </Widget>
  );
}

export default async function SimulationRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, ctx } = await getPageContext();
  const { id } = await params;
  const run = await getSimulationRun(ctx, { id }).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found:simulation') notFound();
    throw err;
  });
  const inputs = run.inputs as unknown as StoredSimulationInputs;
  const result = run.result as unknown as StoredResult | null;
  const mayRun = can(user.role, 'simulations:run');
  const mayEditRouting = can(user.role, 'routing:edit');
  const pending = run.status === 'queued' || run.status === 'running';
  return (
    <>
      <PageHeader
        title={`Simulation: ${run.label}`}
        description={`${inputs.period.fromDay} – ${inputs.period.toDay} (${inputs.period.timeZone})`}
      />
      <div className="space-y-4">
        <Card title="Inputs">
          <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="sim-inputs">
            <div>
              <dt className="text-slate-500">Candidate</dt>
              <dd>{run.label}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Projects</dt>
              <dd>{inputs.projects.length === 0 ? 'All projects' : inputs.projects.map((p) => p.name).join(', ')}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Run by</dt>
              <dd>
                {run.createdByEmail}, {formatDateTime(run.createdAt, inputs.period.timeZone)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd data-testid="sim-status" data-status={run.status}>
                {pending ? (
                  <RunProgress status={run.status} processed={run.processed} total={run.total} />
                ) : (
                  <>
                    {run.status}
                    {result
                      ? ` — ${formatInteger(result.stats.rows)} groups replayed in ${formatInteger(result.stats.durationMs)} ms,` +
                        scanNote(result.plan.scan)
                      : ''}
                  </>
                )}
              </dd>
            </div>
          </dl>
          {run.error ? (
            <p role="alert" className="mt-2 text-sm text-red-700" data-code={run.error.code}>
              {run.error.message}
            </p>
          ) : null}
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-600">The candidate document</summary>
            <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs">
              {JSON.stringify(inputs.candidate.document, null, 2)}
            </pre>
          </details>
          <div className="mt-3 flex flex-wrap items-end justify-between gap-4">
            {mayRun ? <RerunForm runId={run.id} from={inputs.period.fromDay} to={inputs.period.toDay} /> : <span />}
            <span className="flex items-center gap-3 text-sm">
              <Link className="text-brand-700 hover:underline" href={`/simulate/compare?run=${run.id}`}>
                Compare with another run
              </Link>
              {mayRun ? <DeleteRunButton runId={run.id} /> : null}
            </span>
          </div>
        </Card>
        {result ? (
          <>
            <Part title="Cost">
              <TotalsCard result={result.simulation} />
            </Part>
            <Part title="Quality kept">
              <QualityCard quality={result.simulation.quality.success} />
            </Part>
            <Part title="Per day">
              <ByDayCard result={result.simulation} />
            </Part>
            <div className="grid gap-4 xl:grid-cols-2">
              {(['mode', 'task', 'tier', 'model'] as const).map((by) => (
                <Part key={by} title={`Per ${by}`}>
                  <BreakdownCard result={result.simulation} by={by} />
                </Part>
              ))}
            </div>
            <Part title="From → to">
              <MovesCard result={result.simulation} />
            </Part>
            <Part title="Per rule">
              <RulesCard result={result.simulation} />
            </Part>
            <Part title="Sessions">
              <SessionsCard result={result.simulation} scope={result.plan.sessionScope} />
            </Part>
            {result.frontier ? (
              <Part title="Cost–quality frontier">
                <FrontierCard frontier={result.frontier} runId={run.id} canEdit={mayEditRouting} />
              </Part>
            ) : null}
            <Part title="Observed quality per cell">
              <CellsCard result={result.simulation} />
            </Part>
          </>
        ) : null}
      </div>
    </>
  );
}
