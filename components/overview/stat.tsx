import Link from 'next/link';
import type { ReactNode } from 'react';

const NOTE_TONES = { neutral: 'text-slate-500', up: 'text-amber-700', down: 'text-emerald-700' } as const;

/** One figure on the Overview, with an optional line of context under it; with `href`, the card opens the explorer. */
export function Stat({
  label,
  value,
  note,
  noteTone = 'neutral',
  testId,
  micros,
  href,
}: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  noteTone?: keyof typeof NOTE_TONES;
  testId?: string;
  micros?: number;
  href?: string;
}) {
  const body = (
    <>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid={testId} data-micros={micros}>
        {value}
      </p>
      {note ? <p className={`mt-1 text-xs ${NOTE_TONES[noteTone]}`}>{note}</p> : null}
    </>
  );
  const box = 'block rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs';
  return href ? (
    <Link
      href={href}
      className={`${box} hover:border-brand-300 hover:shadow-sm focus-visible:outline-2 focus-visible:outline-brand-500`}
      data-testid={testId ? `${testId}-card` : undefined}
      aria-label={`${label}: open in the usage explorer`}
    >
      {body}
    </Link>
  ) : (
    <section className={box}>{body}</section>
  );
}
