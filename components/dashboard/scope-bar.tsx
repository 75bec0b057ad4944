'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { FieldProblems } from '@/components/filters/field-problems';
import { PERIOD_PRESETS, PRESET_LABELS } from '@/lib/time/periods';

/**
 * Period (presets or custom dates) and projects for a dashboard. It only rewrites the URL — the page
 * reads its whole state from there — keeping every other parameter (grouping, filters, sort). What the
 * page found wrong with the URL is said under the control it concerns.
 */
export function ScopeBar({
  projects,
  timeZone,
  periodLabel,
  shownDays,
  problems = {},
  allTime = false,
}: {
  projects: { slug: string; name: string }[];
  timeZone: string;
  periodLabel: string;
  /** The first and last local days shown now (YYYY-MM-DD): "Custom dates" starts from them. */
  shownDays?: { from: string; to: string };
  problems?: { period?: string[]; project?: string[] };
  /** Offer "All time" (no range in the URL), as Requests does. */
  allTime?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const range = params.get('range') ?? (allTime ? '' : '30d');
  const known = range === '' || (PERIOD_PRESETS as readonly string[]).includes(range);
  const selected = params.getAll('project');
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');

  const go = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params.toString());
    next.delete('before'); // a page cursor belongs to the old scope
    change(next);
    router.push(`${pathname}?${next.toString()}`);
  };
  const setRange = (value: string) =>
    go((p) => {
      if (value === '') p.delete('range');
      else p.set('range', value);
      if (value !== 'custom') {
        p.delete('from');
        p.delete('to');
      } else if (shownDays && !(p.get('from') && p.get('to'))) {
        // Custom dates start from the days on screen, so choosing them changes nothing until edited.
        p.set('from', shownDays.from);
        p.set('to', shownDays.to);
        setFrom(shownDays.from);
        setTo(shownDays.to);
      }
    });
  const toggleProject = (slug: string) =>
    go((p) => {
      const now = new Set(p.getAll('project'));
      if (now.has(slug)) now.delete(slug);
      else now.add(slug);
      p.delete('project');
      for (const s of [...now].sort()) p.append('project', s);
    });

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3" data-testid="scope-bar">
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-500">Period</span>
        <select
          className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          value={range}
          onChange={(e) => setRange(e.target.value)}
          aria-label="Period"
          aria-invalid={problems.period?.length ? true : undefined}
        >
          {allTime ? <option value="">All time</option> : null}
          {known ? null : (
            <option value={range} disabled>
              {`“${range.slice(0, 30)}” (unknown)`}
            </option>
          )}
          {PERIOD_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
        </select>
        <FieldProblems messages={problems.period} testId="period-problem" />
      </label>
      {range === 'custom' ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            go((p) => {
              p.set('range', 'custom');
              p.set('from', from);
              p.set('to', to);
            });
          }}
        >
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-500">From</span>
            <input
              type="date"
              className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
              aria-label="From"
            />
          </label>
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-500">To (inclusive)</span>
            <input
              type="date"
              className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              required
              aria-label="To"
            />
          </label>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            Apply
          </button>
        </form>
      ) : null}
      <div>
        <details className="relative inline-block text-sm">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5" data-testid="project-picker">
            {selected.length === 0 ? 'All projects' : `${selected.length} project${selected.length === 1 ? '' : 's'}`} ▾
          </summary>
          <div className="absolute z-10 mt-1 max-h-72 w-64 overflow-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg">
            {[
              ...projects,
              // A slug the link names but no project has: shown, so it can be unticked.
              ...selected
                .filter((s) => !projects.some((p) => p.slug === s))
                .map((s) => ({ slug: s, name: `“${s.slice(0, 30)}” (unknown)` })),
            ].map((p) => (
              <label key={p.slug} className="flex items-center gap-2 rounded px-2 py-1 hover:bg-slate-50">
                <input type="checkbox" checked={selected.includes(p.slug)} onChange={() => toggleProject(p.slug)} />
                <span>{p.name}</span>
              </label>
            ))}
          </div>
        </details>
        <FieldProblems messages={problems.project} testId="project-problem" />
      </div>
      <p className="ml-auto text-xs text-slate-500" data-testid="period-label">
        {periodLabel} · {timeZone}
      </p>
    </div>
  );
}
