const NOTE_TONES = { neutral: 'text-slate-500', up: 'text-amber-700', down: 'text-emerald-700' } as const;

/** One figure on the Overview, with an optional line of context under it. */
export function Stat({
  label,
  value,
  note,
  noteTone = 'neutral',
  testId,
  micros,
}: {
  label: string;
  value: string;
  note?: string;
  noteTone?: keyof typeof NOTE_TONES;
  testId?: string;
  micros?: number;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid={testId} data-micros={micros}>
        {value}
      </p>
      {note ? <p className={`mt-1 text-xs ${NOTE_TONES[noteTone]}`}>{note}</p> : null}
    </section>
  );
}
