import type { Metadata } from 'next';
import { SavingsReportView } from '@/components/savings/report-view';
import { Widget, WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { PageHeader } from '@/components/ui/page-header';
import { AppError } from '@/lib/errors';
import { reportTables } from '@/lib/savings/figures';
import { baselineParam, savingsInputFromParams, savingsSearch } from '@/lib/savings/report-input';
import type { ServiceContext } from '@/services/context';
import { changeLabel, reportHeading } from '@/lib/savings/report-heading';
import { getSavingsOptions, type SavingsOptions } from '@/services/savings/get-savings-options';
import { getSavingsReport } from '@/services/savings/get-savings-report';
import { formatDate } from '@/lib/format';
import { getPageContext } from '@/server/auth/page-guard';
import { MonthlyEmailCard } from '@/components/savings/monthly-email-card';
import { can } from '@/lib/auth/permissions';
import { listSavingsSchedulesWithSends } from '@/services/savings/list-savings-schedules';

export const metadata: Metadata = { title: 'Reports' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

function searchOf(params: Params): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) q.append(k, one);
  return q;
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { user, ctx } = await getPageContext();
  const search = searchOf(await searchParams);
  const raw = savingsInputFromParams(search);
  const options = await getSavingsOptions(ctx, { from: String(raw.from), to: String(raw.to) });
  const from = String(raw.from || options.defaults.from);
  const to = String(raw.to || options.defaults.to);
  const baseline = search.get('baseline') ?? 'requested';
  return (
    <>
      <PageHeader
        title="Reports"
        description="What routing and prompt caching saved, against a baseline you choose and that every figure names."
      />
      <ReportForm
        options={options}
        from={from}
        to={to}
        baseline={baseline}
        projects={search.getAll('project')}
        change={search.get('change')}
      />
      <Widget key={search.toString()} title="Savings report" fallback={<WidgetSkeleton title="Savings report" height="h-64" />}>
        <Report ctx={ctx} input={{ ...raw, from, to }} />
      </Widget>
      {can(user.role, 'channels:manage') ? (
        <div className="mt-4">
          <Widget title="Monthly e-mail" fallback={<WidgetSkeleton title="Monthly e-mail" />}>
            <MonthlyEmail ctx={ctx} baseline={baseline} projects={search.getAll('project')} />
          </Widget>
        </div>
      ) : null}
    </>
  );
}

async function Report({ ctx, input }: { ctx: ServiceContext; input: Record<string, unknown> }) {
  let view: Awaited<ReturnType<typeof getSavingsReport>>;
  try {
    view = await getSavingsReport(ctx, input);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const fields = Object.values(err.fields ?? {}).flat();
    return (
      <section
        className="rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900"
        role="alert"
        data-testid="savings-problem"
      >
        <p className="font-medium" data-code={err.code}>
          {err.message}
        </p>
        {fields.map((f) => (
          <p key={f} className="mt-1">
            {f}
          </p>
        ))}
      </section>
    );
  }
  const search = savingsSearch(view.input);
  const r = view.report;
  return (
    <SavingsReportView
      label={r.baseline.label}
      heading={reportHeading(view)}
      months={r.byMonth.map((m) => ({ month: m.key, actualMicros: m.actualMicros, baselineMicros: m.baselineMicros }))}
      tables={reportTables(r, changeLabel(view))}
      links={{ csv: `/reports/csv?${search}`, pdf: `/reports/pdf?${search}`, share: `/reports?${search}` }}
    />
  );
}

async function MonthlyEmail({ ctx, baseline, projects }: { ctx: ServiceContext; baseline: string; projects: string[] }) {
  const { channels, schedules } = await listSavingsSchedulesWithSends(ctx);
  return <MonthlyEmailCard channels={channels} schedules={schedules} baseline={baseline} projects={projects} />;
}

function ReportForm({
  options,
  from,
  to,
  baseline,
  projects,
  change,
}: {
  options: SavingsOptions;
  from: string;
  to: string;
  baseline: string;
  projects: string[];
  change: string | null;
}) {
  const choices = [
    { value: baselineParam({ kind: 'requested' }), label: 'The model each caller requested' },
    ...options.versions.map((v) => ({
      value: baselineParam({ kind: 'version', version: v.number }),
      label: `Routing version ${v.number} (published ${formatDate(v.publishedAt, options.timeZone)}), replayed`,
    })),
    ...options.tiers.map((t) => ({ value: baselineParam({ kind: 'tier', tier: t }), label: `All traffic on the ${t} tier` })),
    ...options.models.map((m) => ({ value: baselineParam({ kind: 'pinned', model: m }), label: `Everything on ${m}` })),
  ];
  if (!choices.some((c) => c.value === baseline)) choices.push({ value: baseline, label: baseline });
  return (
    <form
      method="get"
      action="/reports"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white px-5 py-4 text-sm"
    >
      <label className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">From</span>
        <input type="date" name="from" defaultValue={from} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">To (included)</span>
        <input type="date" name="to" defaultValue={to} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">Baseline</span>
        <select
          name="baseline"
          defaultValue={baseline}
          className="rounded border border-slate-300 px-2 py-1"
          data-testid="savings-baseline"
        >
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {options.projects.length > 1 ? (
        <fieldset className="flex flex-col gap-1">
          <legend className="font-medium text-slate-700">Projects (none: all)</legend>
          <div className="flex flex-wrap gap-2">
            {options.projects.map((p) => (
              <label key={p.slug} className="flex items-center gap-1">
                <input type="checkbox" name="project" value={p.slug} defaultChecked={projects.includes(p.slug)} />
                {p.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {change ? <input type="hidden" name="change" value={change} /> : null}
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white" data-testid="savings-submit">
        Show report
      </button>
      <nav className="flex w-full flex-wrap items-center gap-2 text-xs" aria-label="Periods" data-testid="savings-presets">
        <span className="text-slate-500">Period:</span>
        {options.presets.map((p) => {
          const q = new URLSearchParams({ from: p.from, to: p.to, baseline });
          for (const slug of projects) q.append('project', slug);
          const current = p.from === from && p.to === to;
          return (
            <a
              key={p.label}
              href={`/reports?${q}`}
              aria-current={current ? 'page' : undefined}
              className={`rounded border px-2 py-0.5 ${
                current ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-300 text-slate-700'
              }`}
            >
              {p.label}
            </a>
          );
        })}
      </nav>
      {options.span ? (
        <p className="w-full text-xs text-slate-500">
          The savings rollup holds {options.span.first} to {options.span.last} ({options.timeZone}).
        </p>
      ) : null}
    </form>
  );
}
