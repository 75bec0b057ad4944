import type { Metadata } from 'next';
import Link from 'next/link';
import { AssumptionsNote } from '@/components/simulate/run-result';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { AppError } from '@/lib/errors';
import { formatInteger, formatMicros, formatShare } from '@/lib/format';
import type { SimulationResult } from '@/lib/simulation/result';
import type { Interval } from '@/lib/stats/intervals';
import { getPageContext } from '@/server/auth/page-guard';
import type { StoredSimulationInputs } from '@/services/simulations/execute-simulation-run';
import { getSimulationRun } from '@/services/simulations/get-simulation-run';
import { listSimulationRuns } from '@/services/simulations/list-simulation-runs';

export const metadata: Metadata = { title: 'Compare simulation runs' };
export const dynamic = 'force-dynamic';

const pct = (i: Interval | null) =>
  i ? `${(i.estimate * 100).toFixed(1)} % (${(i.low * 100).toFixed(1)} – ${(i.high * 100).toFixed(1)})` : 'no evidence';

export default async function CompareRunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await getPageContext();
  const raw = (await searchParams).run;
  const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).slice(0, 2);
  const runs = await Promise.all(
    ids.map((id) =>
      getSimulationRun(ctx, { id }).catch((err) => {
        if (err instanceof AppError && err.code === 'not_found:simulation') return null;
        throw err;
      }),
    ),
  );
  const found = runs.filter((r) => r !== null);
  if (found.length < 2) {
    const recent = await listSimulationRuns(ctx, { limit: 20 });
    return (
      <>
        <PageHeader title="Compare simulation runs" description="Two runs side by side." />
        <Card title="Choose the runs">
          {ids.length > found.length ? (
            <p className="mb-2 text-sm text-red-700">A chosen run no longer exists (it may have been deleted).</p>
          ) : null}
          <ul className="list-disc pl-5 text-sm">
            {recent.map((r) => (
              <li key={r.id}>
                <Link
                  className="text-brand-700 hover:underline"
                  href={`/simulate/compare?${new URLSearchParams([...ids.map((i) => ['run', i]), ['run', r.id]])}`}
                >
                  {r.label}
                </Link>{' '}
                ({(r.inputs as { period?: { fromDay: string; toDay: string } }).period?.fromDay} –{' '}
                {(r.inputs as { period?: { fromDay: string; toDay: string } }).period?.toDay})
              </li>
            ))}
          </ul>
        </Card>
      </>
    );
  }
  const sides = found.map((run) => ({
    run,
    inputs: run.inputs as unknown as StoredSimulationInputs,
    sim: (run.result as { simulation?: SimulationResult } | null)?.simulation ?? null,
  }));
  const modes = [...new Set(sides.flatMap((s) => s.sim?.byMode.map((m) => m.key) ?? []))];
  return (
    <>
      <PageHeader title="Compare simulation runs" description="Two runs side by side: candidate, period, cost and quality." />
      <Card>
        <Table>
          <thead>
            <tr>
              <Th />
              {sides.map((s) => (
                <Th key={s.run.id}>
                  <Link className="text-brand-700 hover:underline" href={`/simulate/runs/${s.run.id}`}>
                    {s.run.label}
                  </Link>
                </Th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="compare-table">
            <tr>
              <Td>Period</Td>
              {sides.map((s) => (
                <Td key={s.run.id}>
                  {s.inputs.period.fromDay} – {s.inputs.period.toDay}
                </Td>
              ))}
            </tr>
            <tr>
              <Td>Requests (moved)</Td>
              {sides.map((s) => (
                <Td key={s.run.id}>
                  {s.sim ? `${formatInteger(s.sim.totals.requests)} (${formatInteger(s.sim.totals.movedRequests)})` : s.run.status}
                </Td>
              ))}
            </tr>
            {(['actualMicros', 'simulatedMicros', 'savingsMicros'] as const).map((k) => (
              <tr key={k}>
                <Td>{{ actualMicros: 'Actual', simulatedMicros: 'Simulated', savingsMicros: 'Savings' }[k]}</Td>
                {sides.map((s) => (
                  <Td key={s.run.id}>
                    {s.sim ? formatMicros(s.sim.totals.comparable[k]) : '—'}
                    {s.sim && k === 'savingsMicros'
                      ? ` (${formatShare(s.sim.totals.comparable.savingsMicros, s.sim.totals.comparable.actualMicros)})`
                      : ''}
                  </Td>
                ))}
              </tr>
            ))}
            <tr>
              <Td>Quality kept</Td>
              {sides.map((s) => (
                <Td key={s.run.id}>{s.sim ? pct(s.sim.quality.success.paired.ratio) : '—'}</Td>
              ))}
            </tr>
            {modes.map((mode) => (
              <tr key={String(mode)}>
                <Td>Mode {mode ?? '(none)'}: actual → simulated</Td>
                {sides.map((s) => {
                  const m = s.sim?.byMode.find((x) => x.key === mode);
                  return (
                    <Td key={s.run.id}>{m ? `${formatMicros(m.actual.costMicros)} → ${formatMicros(m.simulated.costMicros)}` : '—'}</Td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <Td>Assumptions</Td>
              {sides.map((s) => (
                <Td key={s.run.id}>
                  {/* Wrapped (cells do not wrap): one long line pushed the second run out of sight. */}
                  <div className="max-w-md whitespace-normal">{s.sim ? <AssumptionsNote assumptions={s.sim.assumptions} /> : null}</div>
                </Td>
              ))}
            </tr>
          </tbody>
        </Table>
      </Card>
    </>
  );
}
