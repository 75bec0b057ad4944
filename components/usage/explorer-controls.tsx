'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useId, useState } from 'react';
import { FieldProblems } from '@/components/filters/field-problems';
import { knownSpelling, ValueInput } from '@/components/filters/value-input';
import { tagFilterParam } from '@/lib/usage/tag-param';

type Option = { value: string; label: string };

/**
 * Grouping, granularity and "add a filter" for the usage explorer. Like the scope bar, it only edits
 * the URL, which holds the whole view. A value the URL holds but the page does not know is shown as
 * such, with the page's message under its control, never as the default it would fall back to.
 */
export function ExplorerControls({
  group,
  granularity,
  dimensions,
  granularities,
  tagKeys,
  filterDimensions,
  problems = {},
}: {
  group: string;
  granularity: string;
  dimensions: Option[];
  granularities: Option[];
  tagKeys: string[];
  filterDimensions: Option[];
  problems?: { group?: string[]; gran?: string[]; filter?: string[] };
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [filterDim, setFilterDim] = useState(filterDimensions[0]?.value ?? 'mode');
  const [filterValue, setFilterValue] = useState('');
  const [tagKey, setTagKey] = useState(group.startsWith('tag:') ? group.slice(4) : (tagKeys[0] ?? ''));
  const [known, setKnown] = useState<string[]>([]);
  const valueId = useId();
  const onKnown = useCallback((values: string[]) => setKnown(values), []);
  const rawGroup = params.get('group');
  const rawGran = params.get('gran');

  const go = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params.toString());
    change(next);
    router.push(`${pathname}?${next.toString()}`);
  };
  const isTag = group.startsWith('tag:');

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3" data-testid="explorer-controls">
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-500">Group by</span>
        <select
          className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          aria-label="Group by"
          value={problems.group?.length && rawGroup ? rawGroup : isTag ? 'tag' : group}
          onChange={(e) => go((p) => p.set('group', e.target.value === 'tag' ? `tag:${tagKey || 'team'}` : e.target.value))}
          aria-invalid={problems.group?.length ? true : undefined}
        >
          {problems.group?.length && rawGroup ? <Unknown value={rawGroup} /> : null}
          {dimensions.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
          <option value="tag">Tag…</option>
        </select>
        <FieldProblems messages={problems.group} testId="group-problem" />
      </label>
      {isTag ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (tagKey) go((p) => p.set('group', `tag:${tagKey}`));
          }}
        >
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-500">Tag key</span>
            <input
              className="mt-1 w-32 rounded-md border border-slate-300 px-2 py-1 text-sm"
              list="tag-keys"
              value={tagKey}
              onChange={(e) => setTagKey(e.target.value)}
              aria-label="Tag key"
            />
            <datalist id="tag-keys">
              {tagKeys.map((k) => (
                <option key={k} value={k} />
              ))}
            </datalist>
          </label>
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            Group
          </button>
        </form>
      ) : null}
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-500">Granularity</span>
        <select
          className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          aria-label="Granularity"
          value={problems.gran?.length && rawGran ? rawGran : granularity}
          onChange={(e) => go((p) => p.set('gran', e.target.value))}
          aria-invalid={problems.gran?.length ? true : undefined}
        >
          {problems.gran?.length && rawGran ? <Unknown value={rawGran} /> : null}
          {granularities.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </select>
        <FieldProblems messages={problems.gran} testId="gran-problem" />
      </label>
      <form
        className="ml-auto flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          // The known spelling when the value matches one without regard to case ("Code" → code).
          const value = knownSpelling(filterValue, known);
          if (!value) return;
          go((p) => {
            if (filterDim.startsWith('tag:')) p.append('tag', tagFilterParam(filterDim.slice(4), value));
            else p.append(filterDim, value);
          });
          setFilterValue('');
        }}
      >
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-500">Filter</span>
          <select
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            aria-label="Filter dimension"
            value={filterDim}
            onChange={(e) => {
              setFilterDim(e.target.value);
              setKnown([]);
            }}
          >
            {filterDimensions.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm" htmlFor={valueId}>
          <span className="block text-xs font-medium text-slate-500">equals (any case)</span>
          <ValueInput
            id={valueId}
            key={filterDim}
            dimension={filterDim}
            onKnown={onKnown}
            className="mt-1 w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
            value={filterValue}
            onChange={(e) => setFilterValue(e.target.value)}
            aria-label="Filter value"
            aria-invalid={problems.filter?.length ? true : undefined}
          />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
          Add filter
        </button>
        {problems.filter?.length ? (
          <div className="basis-full">
            <FieldProblems messages={problems.filter} testId="filter-problem" />
          </div>
        ) : null}
      </form>
    </div>
  );
}

function Unknown({ value }: { value: string }) {
  return (
    <option value={value} disabled>
      {`“${value.slice(0, 30)}” (unknown)`}
    </option>
  );
}
