'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { runSimulationAction } from '@/app/(app)/simulate/actions';
import { Button } from '@/components/ui/button';
import type { ErrorBody } from '@/lib/errors';

export interface RunFormProps {
  projects: { id: string; slug: string; name: string }[];
  modes: string[];
  /** The first and last local day with kept raw events. */
  kept: { from: string | null; to: string };
  defaults: { from: string; to: string };
  canRun: boolean;
  /** Preset quick edits (a frontier point opened as a candidate). */
  presetEdits?: { mode: string; tier: string }[];
  presetCandidate?: string;
  /** Stored routing versions (newest first) and drafts, offered as candidates. */
  versions: { number: number; published: boolean }[];
  drafts: { id: string; name: string }[];
}

const TIERS = ['frontier', 'balanced', 'economy'];
const inputClass = 'rounded-md border border-slate-300 px-2 py-1 text-sm';

/** Candidate, quick edits, period, projects and the cache assumption; runs the simulation and opens its URL. */
export function RunForm({ projects, modes, kept, defaults, canRun, presetEdits = [], presetCandidate, versions, drafts }: RunFormProps) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ErrorBody | null>(null);
  const [candidate, setCandidate] = useState(presetCandidate ?? 'example:demo-v1');
  const [documentText, setDocumentText] = useState('');
  const [edits, setEdits] = useState(() =>
    (presetEdits.length > 0 ? presetEdits : [{ mode: 'code', tier: 'balanced' }]).map((e, i) => ({ ...e, key: i })),
  );
  const [nextKey, setNextKey] = useState(100);
  const [from, setFrom] = useState(defaults.from);
  const [to, setTo] = useState(defaults.to);
  const [chosen, setChosen] = useState<string[]>([]);
  const [cache, setCache] = useState<'lost-when-moved' | 'kept-when-moved'>('lost-when-moved');

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    let choice: Record<string, unknown>;
    if (candidate === 'document') {
      try {
        choice = { kind: 'document', document: JSON.parse(documentText) };
      } catch {
        setError({ code: 'bad_request:simulation', message: 'The document is not valid JSON.' });
        return;
      }
    } else if (candidate === 'published') choice = { kind: 'published' };
    else if (candidate.startsWith('version:')) choice = { kind: 'version', version: Number(candidate.slice('version:'.length)) };
    else if (candidate.startsWith('draft:')) choice = { kind: 'draft', id: candidate.slice('draft:'.length) };
    else choice = { kind: 'example', name: candidate.slice('example:'.length) };
    const input = {
      candidate: choice,
      edits: edits.filter((e) => e.mode.trim() !== '').map(({ mode, tier }) => ({ mode, tier })),
      period: { from, to },
      projects: chosen,
      options: { cache },
    };
    start(async () => {
      const result = await runSimulationAction(null, input as never);
      if (!result.ok) setError(result.error);
      else router.push(`/simulate/runs/${result.data.id}`);
    });
  }

  const fieldErrors = error?.fields ? Object.entries(error.fields).filter(([k]) => k !== 'keptFrom' && k !== 'keptTo') : [];
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Simulation">
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block text-sm">
          <span className="font-medium text-slate-800">Candidate table</span>
          <select
            name="candidate"
            className={`${inputClass} mt-1 block w-full`}
            value={candidate}
            onChange={(e) => setCandidate(e.target.value)}
          >
            <option value="published">The published table</option>
            {versions.map((v) => (
              <option key={v.number} value={`version:${v.number}`}>
                Version {v.number}
                {v.published ? ' (published)' : ''}
              </option>
            ))}
            {drafts.map((d) => (
              <option key={d.id} value={`draft:${d.id}`}>
                Draft: {d.name || d.id.slice(0, 8)}
              </option>
            ))}
            <option value="example:demo-v1">Example: demo routing v1</option>
            <option value="example:demo-v2">Example: demo routing v2 (the mode table)</option>
            <option value="document">A document pasted below</option>
          </select>
        </label>
        <fieldset className="text-sm">
          <legend className="font-medium text-slate-800">Cache assumption</legend>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="cache" checked={cache === 'lost-when-moved'} onChange={() => setCache('lost-when-moved')} />A moved
            request loses its cache (priced as uncached input)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="cache" checked={cache === 'kept-when-moved'} onChange={() => setCache('kept-when-moved')} />
            Assume the new model caches as well
          </label>
        </fieldset>
      </div>
      {candidate === 'document' ? (
        <label className="block text-sm">
          <span className="font-medium text-slate-800">Routing document (JSON)</span>
          <textarea
            name="document"
            className={`${inputClass} mt-1 block h-40 w-full font-mono`}
            value={documentText}
            onChange={(e) => setDocumentText(e.target.value)}
          />
        </label>
      ) : null}
      <fieldset className="text-sm">
        <legend className="font-medium text-slate-800">Quick edits (placed before the table’s rules)</legend>
        {edits.map((edit, i) => (
          <div key={edit.key} className="mt-1 flex items-center gap-2">
            <select
              aria-label={`Edit ${i + 1} mode`}
              className={inputClass}
              value={edit.mode}
              onChange={(e) => setEdits(edits.map((x, j) => (j === i ? { ...x, mode: e.target.value } : x)))}
            >
              <option value="">(no edit)</option>
              {modes.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
            <span aria-hidden="true">→</span>
            <select
              aria-label={`Edit ${i + 1} tier`}
              className={inputClass}
              value={edit.tier}
              onChange={(e) => setEdits(edits.map((x, j) => (j === i ? { ...x, tier: e.target.value } : x)))}
            >
              {TIERS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <Button type="button" variant="ghost" onClick={() => setEdits(edits.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="secondary"
          className="mt-2"
          onClick={() => {
            setEdits([...edits, { mode: '', tier: 'balanced', key: nextKey }]);
            setNextKey(nextKey + 1);
          }}
        >
          Add an edit
        </Button>
      </fieldset>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label>
          <span className="block font-medium text-slate-800">From</span>
          <input type="date" name="from" className={inputClass} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span className="block font-medium text-slate-800">To</span>
          <input type="date" name="to" className={inputClass} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <p className="text-slate-500">
          Raw events are kept from {kept.from ?? '—'} to {kept.to}.
        </p>
      </div>
      <fieldset className="text-sm">
        <legend className="font-medium text-slate-800">Projects (none chosen: all)</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {projects.map((p) => (
            <label key={p.id} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={chosen.includes(p.slug)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, p.slug] : chosen.filter((s) => s !== p.slug))}
              />
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-code={error.code}>
          <p>{error.message}</p>
          {fieldErrors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {fieldErrors.flatMap(([field, messages]) =>
                messages.map((m) => (
                  <li key={`${field}${m}`}>
                    {field}: {m}
                  </li>
                )),
              )}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Button type="submit" disabled={!canRun || pending}>
        {pending ? 'Simulating…' : 'Run simulation'}
      </Button>
      {!canRun ? <p className="text-sm text-slate-500">Your role may read runs but not start them.</p> : null}
    </form>
  );
}
