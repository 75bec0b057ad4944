import { Badge } from '@/components/ui/badge';
import type { FieldChange, RoutingDiff, RuleDiff } from '@/lib/routing/diff';

const TONE = { added: 'green', removed: 'red', changed: 'amber', moved: 'blue' } as const;

const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));

function FieldLine({ f }: { f: FieldChange }) {
  return (
    <li className="text-xs">
      <span className="font-mono text-slate-700">{f.path}</span>:{' '}
      {f.added || f.removed ? (
        <>
          {f.added?.length ? <span className="text-emerald-700">+ {f.added.join(', ')} </span> : null}
          {f.removed?.length ? <span className="text-red-700">− {f.removed.join(', ')} </span> : null}
          {!f.added?.length && !f.removed?.length ? (
            <span>
              {show(f.before)} → {show(f.after)}
            </span>
          ) : null}
        </>
      ) : (
        <span>
          <span className="text-red-700">{show(f.before)}</span> → <span className="text-emerald-700">{show(f.after)}</span>
        </span>
      )}
    </li>
  );
}

function RuleLine({ r }: { r: RuleDiff }) {
  const where =
    r.change === 'added'
      ? `at ${r.to! + 1}`
      : r.change === 'removed'
        ? `was ${r.from! + 1}`
        : r.from === r.to
          ? `${r.to! + 1}`
          : `${r.from! + 1} → ${r.to! + 1}`;
  return (
    <li className="rounded-md border border-slate-200 p-2" data-testid={`diff-rule-${r.ruleId}`} data-change={r.change}>
      <p className="flex items-center gap-2 text-sm">
        <span className="font-mono font-medium">{r.ruleId}</span>
        <Badge tone={TONE[r.change]}>{r.change}</Badge>
        {r.moved && r.change === 'changed' ? <Badge tone="blue">moved</Badge> : null}
        <span className="text-xs text-slate-500">position {where}</span>
      </p>
      {r.fields.length > 0 ? (
        <ul className="mt-1 space-y-0.5">
          {r.fields.map((f) => (
            <FieldLine key={f.path} f={f} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Two documents compared rule by rule (by id): added, removed, changed field by field, moved; then tiers. */
export function DiffView({ diff, fromLabel, toLabel }: { diff: RoutingDiff; fromLabel: string; toLabel: string }) {
  if (diff.same) {
    return (
      <p className="text-sm text-slate-600" data-testid="routing-diff">
        {fromLabel} and {toLabel} route every request the same way: no rule or tier differs.
      </p>
    );
  }
  return (
    <div className="space-y-3" data-testid="routing-diff">
      <p className="text-sm text-slate-600">
        From {fromLabel} to {toLabel}:
      </p>
      {diff.rules.length > 0 ? (
        <ul className="space-y-2" aria-label="Rule changes">
          {diff.rules.map((r) => (
            <RuleLine key={`${r.ruleId}-${r.change}`} r={r} />
          ))}
        </ul>
      ) : null}
      {diff.tiers.length > 0 ? (
        <ul className="space-y-1 text-sm" aria-label="Tier changes">
          {diff.tiers.map((t) => (
            <li key={t.tier}>
              Tier <span className="font-mono">{t.tier}</span> <Badge tone={TONE[t.change]}>{t.change}</Badge>{' '}
              <span className="font-mono text-xs">
                {t.before ? t.before.join(' → ') : ''}
                {t.before && t.after ? '  ⇒  ' : ''}
                {t.after ? t.after.join(' → ') : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
