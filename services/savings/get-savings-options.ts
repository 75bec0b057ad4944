import 'server-only';
/** What the Reports page offers to choose from: projects, the period's served models (to pin), tiers and routing versions. */
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { listProjects } from '@/db/queries/projects';
import { savingsRollupSpan, savingsRoutingVersions, savingsServedModels } from '@/db/queries/savings';
import { assertCan } from '@/lib/auth/guard';
import { defaultSavingsPeriod, periodPresets } from '@/lib/savings/report-input';
import { addDays, formatCalendarDate, parseCalendarDate } from '@/lib/time/zoned';
import type { ServiceContext } from '../context';

export interface SavingsOptions {
  timeZone: string;
  defaults: { from: string; to: string };
  /** One-click periods: this month, last month, the last 3 and 12 months. */
  presets: { label: string; from: string; to: string }[];
  projects: { slug: string; name: string }[];
  models: string[];
  tiers: string[];
  versions: { number: number; publishedAt: Date }[];
  /** The days the savings rollup holds. */
  span: { first: string; last: string } | null;
}

export async function getSavingsOptions(ctx: ServiceContext, input: { from?: string; to?: string } = {}): Promise<SavingsOptions> {
  assertCan(ctx.actor, 'dashboards:read');
  const timeZone = await getOrgTimeZone(ctx.db);
  const defaults = defaultSavingsPeriod(ctx.now, timeZone);
  const from = input.from && parseCalendarDate(input.from) ? input.from : defaults.from;
  const toDate = parseCalendarDate(input.to ?? '') ?? parseCalendarDate(defaults.to)!;
  const [projects, served, versions, span] = await Promise.all([
    listProjects(ctx.db),
    savingsServedModels(ctx.db, { fromDay: from, toDay: formatCalendarDate(addDays(toDate, 1)) }),
    savingsRoutingVersions(ctx.db),
    savingsRollupSpan(ctx.db),
  ]);
  const latest = versions.at(-1);
  return {
    timeZone,
    defaults,
    presets: periodPresets(ctx.now, timeZone),
    projects: projects.map((p) => ({ slug: p.slug, name: p.name })),
    models: [
      ...new Set([...served.map((s) => `${s.provider}/${s.model}`), ...(latest ? Object.values(latest.document.tiers).flat() : [])]),
    ].sort(),
    tiers: [...new Set([...(latest ? Object.keys(latest.document.tiers) : []), ...served.map((s) => s.tier)])].sort(),
    versions: versions.map((v) => ({ number: v.number, publishedAt: v.publishedAt })),
    span,
  };
}
