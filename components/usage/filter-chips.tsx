import Link from 'next/link';
import { explorerSearch, FILTER_DIMENSIONS, DIMENSION_LABELS, toggleFilter, type ExplorerState } from '@/lib/usage/explorer-state';

/** The active filters, each removable with one click (a link to the same view without it). */
export function FilterChips({ state, projects }: { state: ExplorerState; projects: { slug: string; name: string }[] }) {
  const chips: { label: string; href: string }[] = [];
  for (const slug of state.projects) {
    chips.push({
      label: `Project: ${projects.find((p) => p.slug === slug)?.name ?? slug}`,
      href: `/usage?${explorerSearch(toggleFilter(state, { dimension: 'project' }, slug))}`,
    });
  }
  for (const d of FILTER_DIMENSIONS) {
    for (const v of state.values[d] ?? [])
      chips.push({
        label: `${DIMENSION_LABELS[d]}: ${v || '(none)'}`,
        href: `/usage?${explorerSearch(toggleFilter(state, { dimension: d }, v))}`,
      });
  }
  for (const [k, vs] of Object.entries(state.tags)) {
    for (const v of vs) chips.push({ label: `Tag ${k}: ${v}`, href: `/usage?${explorerSearch(toggleFilter(state, { tag: k }, v))}` });
  }
  if (chips.length === 0) return null;
  return (
    <ul className="mb-4 flex flex-wrap gap-2" aria-label="Active filters" data-testid="filter-chips">
      {chips.map((c) => (
        <li key={c.href}>
          <Link
            href={c.href}
            className={
              'inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-xs font-medium ' +
              'text-brand-700 ring-1 ring-brand-600/20 hover:bg-brand-100'
            }
            aria-label={`Remove filter ${c.label}`}
          >
            {c.label} <span aria-hidden>×</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
