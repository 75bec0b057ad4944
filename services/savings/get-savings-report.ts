import 'server-only';
/**
 * A savings report (DESIGN.md "Savings", ADR 0013): actual cost against a named baseline, by month, mode, tier
 * and project, split by cause, with the success rate beside it and the average cost per request before and
 * after a routing change. Read from the savings rollup only (never raw events), priced by the pricing engine.
 */
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { getPricer, loadPricingConfig } from '@/db/queries/pricing-config';
import { listProjects } from '@/db/queries/projects';
import { savingsRollupRows, savingsRollupSpan, savingsRoutingVersions, savingsServedModels } from '@/db/queries/savings';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { Baseline } from '@/lib/savings/baselines';
import { computeSavings, type SavingsReport } from '@/lib/savings/report';
import { defaultSavingsPeriod, parseSavingsInput, type SavingsInput } from '@/lib/savings/report-input';
import { replayRowOf, savingsPlan } from '@/lib/savings/rollup-plan';
import { documentModels, versionRouter } from '@/lib/savings/version-router';
import { modelRefOf } from '@/lib/simulation/options';
import type { ModelRef } from '@/lib/simulation/types';
import { addDays, formatCalendarDate, parseCalendarDate } from '@/lib/time/zoned';
import type { ServiceContext } from '../context';

export interface SavingsReportView {
  input: SavingsInput;
  timeZone: string;
  report: SavingsReport;
  /** What the rollup cannot hold exactly for this period, said beside the figures. */
  notes: string[];
  versions: { number: number; publishedAt: Date }[];
  change: { version: number; at: Date } | null;
  tiers: string[];
}

export async function getSavingsReport(ctx: ServiceContext, raw: unknown): Promise<SavingsReportView> {
  assertCan(ctx.actor, 'dashboards:read');
  const timeZone = await getOrgTimeZone(ctx.db);
  // A period left out (a bare /reports link) is the default one: the last three calendar months.
  const defaults = defaultSavingsPeriod(ctx.now, timeZone);
  const given = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const input = parseSavingsInput({ ...given, from: given.from || defaults.from, to: given.to || defaults.to });
  const toDay = formatCalendarDate(addDays(parseCalendarDate(input.to)!, 1));
  const [pricer, pricing, versions, projects, served] = await Promise.all([
    getPricer(ctx.db),
    loadPricingConfig(ctx.db),
    savingsRoutingVersions(ctx.db),
    listProjects(ctx.db),
    savingsServedModels(ctx.db, { fromDay: input.from, toDay }),
  ]);
  const projectIds = input.projects.map((slug) => {
    const p = projects.find((x) => x.slug === slug);
    if (!p) throw new AppError('bad_request:savings', `No project "${slug}".`, { fields: { projects: [`Unknown project ${slug}.`] } });
    return p.id;
  });
  const period = `${input.from} – ${input.to}`;
  if (served.length === 0) {
    // Beyond what the rollup holds (or before anything was recorded): say so, and offer the range it holds.
    const span = await savingsRollupSpan(ctx.db);
    if (!span)
      throw new AppError('not_found:savings', 'No usage has been recorded yet: there is nothing to compare.', {
        fields: { from: ['Send usage first.'] },
        details: { kept: null },
      });
    const beyond = input.to < span.first || input.from > span.last;
    throw new AppError(
      'not_found:savings',
      beyond
        ? `${period} is outside the recorded usage: the savings rollup holds ${span.first} to ${span.last}.`
        : `No usage was recorded in ${period}: there is nothing to compare.`,
      { fields: { from: [`Choose days from ${span.first} to ${span.last}.`] }, details: { kept: span } },
    );
  }

  const published = versions.at(-1) ?? null;
  const tiers = [...new Set([...(published ? Object.keys(published.document.tiers) : []), ...served.map((s) => s.tier)])].sort();
  const { baseline, models } = resolveBaseline(input, versions, served);

  const start = new Date(`${input.from}T00:00:00Z`).getTime() - 86_400_000;
  const end = new Date(`${toDay}T00:00:00Z`).getTime() + 86_400_000;
  const changeVersion =
    input.change !== undefined
      ? versions.find((v) => v.number === input.change)
      : versions.filter((v) => v.publishedAt.getTime() > start && v.publishedAt.getTime() < end && v.number > 1).at(-1);
  if (input.change !== undefined && !changeVersion)
    throw new AppError('not_found:savings', `Routing version ${input.change} does not exist.`, {
      fields: { change: ['Unknown version.'] },
    });

  const { plan, notes, changeAt } = savingsPlan({
    fromDay: input.from,
    toDay,
    timeZone,
    pricer,
    pricing,
    models: [...served, ...models],
    changeAt: changeVersion?.publishedAt ?? null,
  });
  const rows = await savingsRollupRows(ctx.db, {
    fromDay: input.from,
    toDay,
    sliceStartDays: plan.sliceDays,
    projectIds,
  });
  const report = computeSavings({
    rows: rows.map(replayRowOf),
    plan,
    pricer,
    baseline,
    ...(changeAt ? { changeAt } : {}),
  });
  if (report.coverage.requests === 0)
    throw new AppError('not_found:savings', `No usage was recorded in ${period} for these projects.`, {
      fields: { projects: ['Choose projects with usage in this period.'] },
    });
  if (baseline.kind === 'version') notes.push('Rules that test users or tags see none: the savings rollup keeps neither.');
  return {
    input,
    timeZone,
    report,
    notes,
    versions: versions.map((v) => ({ number: v.number, publishedAt: v.publishedAt })),
    change: changeVersion && changeAt ? { version: changeVersion.number, at: changeAt } : null,
    tiers,
  };
}

function resolveBaseline(
  input: SavingsInput,
  versions: Awaited<ReturnType<typeof savingsRoutingVersions>>,
  served: { provider: string; model: string; tier: string }[],
): { baseline: Baseline; models: ModelRef[] } {
  const b = input.baseline;
  switch (b.kind) {
    case 'requested':
      return { baseline: { kind: 'requested' }, models: [] };
    case 'pinned': {
      const model = modelRefOf(b.model);
      return { baseline: { kind: 'pinned', model }, models: [model] };
    }
    case 'version': {
      const v = versions.find((x) => x.number === b.version);
      if (!v)
        throw new AppError('not_found:savings', `Routing version ${b.version} does not exist.`, {
          fields: { baseline: ['Choose a published routing version.'] },
        });
      return {
        baseline: { kind: 'version', version: v.number, router: versionRouter(v.document, v.number) },
        models: documentModels(v.document),
      };
    }
    case 'tier': {
      // The published table's tier (its first model is the primary); before any table, the tier's busiest served model.
      const published = versions.at(-1);
      const listed = published?.document.tiers[b.tier];
      const models = listed
        ? listed.filter((m) => m.includes('/')).map(modelRefOf)
        : served.filter((s) => s.tier === b.tier).map((s) => ({ provider: s.provider, model: s.model }));
      if (models.length === 0)
        throw new AppError('bad_request:savings', `The ${b.tier} tier has no model.`, {
          fields: { baseline: ['Choose a tier with a model.'] },
        });
      return { baseline: { kind: 'tier', tier: b.tier, models }, models: models.slice(0, 1) };
    }
  }
}
