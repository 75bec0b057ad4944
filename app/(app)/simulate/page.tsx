import type { Metadata } from 'next';
import Link from 'next/link';
import { Widget, WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { RunForm } from '@/components/simulate/run-form';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { DEMO_MODES } from '@/lib/demo/catalog';
import { formatDateTime, formatMicros, formatShare } from '@/lib/format';
import { addDays, formatCalendarDate, localDate } from '@/lib/time/zoned';
import { getPageContext } from '@/server/auth/page-guard';
import type { ServiceContext } from '@/services/context';
import { getDashboardContext } from '@/services/dashboard/get-dashboard-context';
import { listRoutingDrafts } from '@/services/routing/list-routing-drafts';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';
import { getSimulationKeptRange } from '@/services/simulations/get-simulation-kept-range';
import { listSimulationRuns } from '@/services/simulations/list-simulation-runs';

export const metadata: Metadata = { title: 'Simulate' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

/** `code:balanced,ask:economy` → quick edits (a frontier point opened as a candidate). */
function presetEdits(value: string | string[] | undefined) {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((pair) => pair.split(':'))
    .filter((p): p is [string, string] => p.length === 2 && p[0]!.length > 0 && p[1]!.length > 0)
    .map(([mode, tier]) => ({ mode, tier }));
}

async function RecentRuns({ ctx, timeZone }: { ctx: ServiceContext; timeZone: string }) {
  const runs = await listSimulationRuns(ctx, { limit: 30 });
  if (runs.length === 0) return <Card title="Saved runs">No simulation has been run yet.</Card>;
  return (
    <Card title="Saved runs" description="Every run keeps its inputs and result at its own URL. Pick two to compare them side by side.">
      <form action="/simulate/compare" className="space-y-2">
        <Table>
          <thead>
            <tr>
              <Th>Compare</Th>
              <Th>Candidate</Th>
              <Th>Period</Th>
              <Th>By</Th>
              <Th>When</Th>
              <Th className="text-right">Savings</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {runs.map((r) => {
              const period = (r.inputs as { period?: { fromDay: string; toDay: string } }).period;
              const totals = r.totals as { comparable?: { actualMicros: number; savingsMicros: number } } | null;
              return (
                <tr key={r.id}>
                  <Td>
                    <input type="checkbox" name="run" value={r.id} aria-label={`Compare ${r.label}`} />
                  </Td>
                  <Td className="whitespace-normal">
                    <Link className="text-brand-700 hover:underline" href={`/simulate/runs/${r.id}`}>
                      {r.label}
                    </Link>
                    {r.status !== 'done' ? ` (${r.status})` : null}
                  </Td>
                  <Td>{period ? `${period.fromDay} – ${period.toDay}` : '—'}</Td>
                  <Td className="whitespace-normal">{r.createdByEmail}</Td>
                  <Td className="whitespace-normal">{formatDateTime(r.createdAt, timeZone)}</Td>
                  <Td className="text-right">
                    {totals?.comparable
                      ? `${formatMicros(totals.comparable.savingsMicros)} ` +
                        `(${formatShare(totals.comparable.savingsMicros, totals.comparable.actualMicros)})`
                      : '—'}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Compare the two chosen runs
        </button>
      </form>
    </Card>
  );
}

export default async function SimulatePage({ searchParams }: { searchParams: Promise<Params> }) {
  const { user, ctx } = await getPageContext();
  const params = await searchParams;
  const [context, kept, versions, drafts] = await Promise.all([
    getDashboardContext(ctx),
    getSimulationKeptRange(ctx),
    listRoutingVersions(ctx, { limit: 50 }),
    listRoutingDrafts(ctx),
  ]);
  const today = localDate(ctx.now, context.timeZone);
  const from = kept.from && kept.from > formatCalendarDate(addDays(today, -29)) ? kept.from : formatCalendarDate(addDays(today, -29));
  return (
    <>
      <PageHeader
        title="Simulate"
        description={
          'Replay your recorded traffic through a candidate routing table: ' + 'what it would have cost, and how quality would likely move.'
        }
      />
      <div className="space-y-4">
        <Card title="New simulation">
          <RunForm
            projects={context.projects}
            modes={Object.keys(DEMO_MODES).sort()}
            kept={{ from: kept.from, to: kept.to }}
            defaults={{ from, to: formatCalendarDate(today) }}
            canRun={can(user.role, 'simulations:run')}
            versions={versions.versions.map((v) => ({ number: v.number, published: v.published }))}
            drafts={drafts.map((d) => ({ id: d.id, name: d.name }))}
            presetEdits={presetEdits(params.edits)}
            presetCandidate={params.example === 'demo-v1' || params.example === 'demo-v2' ? `example:${params.example}` : undefined}
          />
        </Card>
        <Widget title="Saved runs" fallback={<WidgetSkeleton title="Saved runs" />}>
          <RecentRuns ctx={ctx} timeZone={context.timeZone} />
        </Widget>
      </div>
    </>
  );
}
