import { FieldProblems } from '@/components/filters/field-problems';
import { GetForm } from '@/components/filters/get-form';
import { ValueInput } from '@/components/filters/value-input';
import { Field, Input } from '@/components/ui/field';
import { DIMENSION_LABELS, type FilterDimension } from '@/lib/usage/explorer-state';
import type { RequestsUrl } from '@/lib/usage/requests-url';

/** The explorer's filters, in the order people look for a request. */
const DIMENSIONS: readonly FilterDimension[] = ['user', 'task', 'mode', 'model', 'tier', 'status', 'routing', 'provider'];
const INPUT = 'w-36';

/**
 * Search by id and every filter of the explorer as a plain GET form, so the URL holds the view. Each
 * dimension's input offers the values it took lately and matches without regard to case. Values beyond
 * the first of a dimension (a link from the explorer may hold several) travel as hidden fields.
 */
export function RequestFilters({ url, problems }: { url: RequestsUrl; problems: { filter: string[]; search: string[] } }) {
  const hidden: [string, string][] = [];
  if (url.period) {
    hidden.push(['range', url.period.range]);
    if (url.period.range === 'custom') hidden.push(['from', url.period.from ?? ''], ['to', url.period.to ?? '']);
  }
  for (const slug of url.projects) hidden.push(['project', slug]);
  for (const d of DIMENSIONS) for (const v of (url.values[d] ?? []).slice(1)) hidden.push([d, v]);
  for (const s of url.sessions.slice(1)) hidden.push(['session', s]);
  const tagPairs = Object.entries(url.tags).flatMap(([k, vs]) => vs.map((v) => `${k}:${v}`));
  for (const pair of tagPairs.slice(1)) hidden.push(['tag', pair]);
  return (
    <GetForm className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-3" aria-label="Request filters">
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Event id or session id" name="q">
          <Input
            name="q"
            type="search"
            defaultValue={url.q ?? ''}
            placeholder="e.g. req-0001"
            className="w-72"
            aria-invalid={problems.search.length ? true : undefined}
          />
        </Field>
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
          data-testid="request-search"
        >
          Find
        </button>
        <FieldProblems messages={problems.search} testId="search-problem" />
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Session" name="session">
          <Input name="session" defaultValue={url.sessions[0] ?? ''} className={INPUT} autoComplete="off" />
        </Field>
        {DIMENSIONS.map((d) => (
          <Field key={d} label={DIMENSION_LABELS[d]} name={d}>
            <ValueInput dimension={d} name={d} defaultValue={url.values[d]?.[0] ?? ''} className={`${CONTROL} ${INPUT}`} />
          </Field>
        ))}
        <Field label="Tag (key:value)" name="tag">
          <Input name="tag" defaultValue={tagPairs[0] ?? ''} className={INPUT} autoComplete="off" placeholder="env:prod" />
        </Field>
        {hidden.map(([k, v]) => (
          <input key={`${k}=${v}`} type="hidden" name={k} value={v} />
        ))}
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Apply
        </button>
      </div>
      <FieldProblems messages={problems.filter} testId="filter-problem" />
    </GetForm>
  );
}

const CONTROL =
  'block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-xs placeholder:text-slate-400 ' +
  'focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20';
