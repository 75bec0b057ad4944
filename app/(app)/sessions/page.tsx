import { Money, Tokens } from '@/components/ui/figures';
import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { ProjectOptions } from '@/components/ui/project-options';
import { SessionId } from '@/components/ui/session-id';
import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatMicros, formatShortDateTime, formatWholeShare } from '@/lib/format';
import { periodStart, SESSION_PERIODS, type SessionPeriod } from '@/lib/sessions/periods';
import { getPageContext } from '@/server/auth/page-guard';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';
import { listProjects } from '@/services/projects/list-projects';
import { listTopSessions } from '@/services/sessions/list-top-sessions';

export const metadata: Metadata = { title: 'Sessions' };
export const dynamic = 'force-dynamic';

function minutes(from: Date, to: Date): string {
  const m = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export default async function SessionsPage({ searchParams }: { searchParams: Promise<{ period?: string; project?: string }> }) {
  const { ctx } = await getPageContext();
  const params = await searchParams;
  const known = (text: string | undefined): text is SessionPeriod => text !== undefined && Object.hasOwn(SESSION_PERIODS, text);
  const period: SessionPeriod = known(params.period) ? params.period : '30d';
  const [projects, timeZone] = await Promise.all([listProjects(ctx), getOrgTimeZone(ctx)]);
  // An unknown project or period is said next to its control, and no other sessions stand in for them.
  const project = params.project ? projects.find((p) => p.id === params.project || p.slug === params.project) : undefined;
  const problems = {
    project: params.project && !project ? [`No project “${params.project.slice(0, 40)}”: choose one from the list.`] : [],
    period: params.period && !known(params.period) ? [`Unknown period “${params.period.slice(0, 40)}”: choose one from the list.`] : [],
  };
  const blocked = problems.project.length + problems.period.length > 0;
  const projectId = project?.id;
  const sessions = blocked ? [] : await listTopSessions(ctx, { from: periodStart(period, ctx.now, timeZone), projectId });
  return (
    <>
      <PageHeader
        title="Sessions"
        description={
          'Agent sessions ranked by cost. Every turn re-sends the growing context, so long sessions ' +
          'cost far more than their turn count suggests; open one to see the context grow turn by ' +
          'turn.'
        }
      >
        <form className="flex items-end gap-2" aria-label="Session filters">
          <Field label="Project" name="project" errors={problems.project}>
            <Select name="project" defaultValue={projectId ?? params.project ?? ''} className="min-w-40">
              {params.project && !project ? (
                <option value={params.project} disabled>
                  unknown project
                </option>
              ) : null}
              <option value="">All projects</option>
              <ProjectOptions projects={projects} />
            </Select>
          </Field>
          <Field label="Active in" name="period" errors={problems.period}>
            <Select name="period" defaultValue={problems.period.length ? params.period : period} className="min-w-32">
              {problems.period.length ? (
                <option value={params.period} disabled>
                  unknown period
                </option>
              ) : null}
              <option value="7d">last 7 days</option>
              <option value="30d">last 30 days</option>
              <option value="90d">last 90 days</option>
              <option value="all">all time</option>
            </Select>
          </Field>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            Apply
          </button>
        </form>
      </PageHeader>
      {blocked ? (
        <EmptyState title="Nothing is shown for this address">
          <span data-testid="session-problems">{[...problems.project, ...problems.period].join(' ')}</span>
        </EmptyState>
      ) : sessions.length === 0 ? (
        <EmptyState title="No sessions in this period">
          Sessions appear when requests carry a session id (<code>session</code> in the events API, <code>gen_ai.conversation.id</code> in
          OpenTelemetry). Try a longer period.
        </EmptyState>
      ) : (
        <Card title={`Top ${sessions.length} sessions by cost`}>
          <Table caption="Sessions ranked by cost">
            <thead>
              <tr>
                <Th>Session</Th>
                <Th>Project</Th>
                <Th>User</Th>
                <Th>{`Last active (${timeZone})`}</Th>
                <Th className="text-right">Duration</Th>
                <Th className="text-right">Turns</Th>
                <Th className="text-right">Input (cached)</Th>
                <Th className="text-right">Cost</Th>
                <Th className="text-right">Per turn</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sessions.map((s) => (
                <tr key={`${s.projectId}/${s.sessionId}`} data-testid="session-row">
                  <Td>
                    <SessionId id={s.sessionId} href={`/sessions/${s.projectId}/${encodeURIComponent(s.sessionId)}`} />
                  </Td>
                  <Td>{s.projectName}</Td>
                  <Td>{s.userId || '—'}</Td>
                  <Td>{formatShortDateTime(s.lastAt, timeZone)}</Td>
                  <Td className="text-right">{minutes(s.firstAt, s.lastAt)}</Td>
                  <Td className="text-right">{formatInteger(s.turns || s.requests)}</Td>
                  <Td className="text-right">
                    <Tokens count={s.inputTokens} />
                    <span className="block text-xs text-slate-500">
                      {s.inputTokens > 0 ? `${formatWholeShare(s.cacheReadTokens, s.inputTokens)} cached` : '—'}
                    </span>
                  </Td>
                  <Td className="text-right font-medium text-slate-900">
                    <Money micros={s.costMicros} />
                    {s.unpricedRequests > 0 ? <span className="ml-1 text-xs text-amber-700">+{s.unpricedRequests} unpriced</span> : null}
                  </Td>
                  <Td className="text-right">
                    <Money micros={Math.round(s.costMicros / Math.max(1, s.requests))} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
