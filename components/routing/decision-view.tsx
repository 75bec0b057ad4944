import type { ExplainedRouteOutcome } from '@/lib/routing/route-request';

const ACTION: Record<ExplainedRouteOutcome['action'], string> = {
  rule: 'Routed by a rule',
  tier_alias: 'The requested tier serves it (no rule tests the requested model)',
  pass_through: 'Passed through unchanged (a model was named and no rule tests it)',
};

/** A decision (rule, tier, model, fallbacks, effort) and the trace of which tests held, rule by rule. */
export function DecisionView({ outcome }: { outcome: ExplainedRouteOutcome }) {
  return (
    <div className="space-y-3" data-testid="routing-decision">
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <p className="font-medium text-slate-900">{ACTION[outcome.action]}</p>
        <dl className="mt-2 grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-500">Rule</dt>
          <dd className="font-mono" data-testid="decision-rule">
            {outcome.routing?.ruleId ?? '—'}
          </dd>
          <dt className="text-slate-500">Tier</dt>
          <dd>{outcome.routing?.tier ?? '—'}</dd>
          <dt className="text-slate-500">Model</dt>
          <dd className="font-mono" data-testid="decision-model">
            {outcome.model}
          </dd>
          <dt className="text-slate-500">Fallbacks</dt>
          <dd className="font-mono">{outcome.fallbacks.length > 0 ? outcome.fallbacks.join(' → ') : '—'}</dd>
          <dt className="text-slate-500">Reasoning effort</dt>
          <dd>{outcome.reasoningEffort ?? 'not set'}</dd>
        </dl>
      </div>
      <ol className="space-y-2 text-sm" aria-label="Trace: the rules tried, in order">
        {outcome.trace.map((r) => (
          <li key={r.ruleId} className={`rounded-md border p-2 ${r.matched ? 'border-emerald-300 bg-emerald-50' : 'border-slate-200'}`}>
            <p>
              <span className="font-mono font-medium">{r.ruleId}</span>{' '}
              <span className={r.matched ? 'text-emerald-700' : 'text-slate-500'}>{r.matched ? 'matched' : 'did not match'}</span>
            </p>
            {r.tests.length === 0 ? (
              <p className="text-xs text-slate-500">No tests: the default matches every request.</p>
            ) : (
              <ul className="mt-1 space-y-0.5 text-xs">
                {r.tests.map((t) => (
                  <li key={`${t.test}${t.key ?? ''}`} className={t.held ? 'text-emerald-800' : 'text-red-700'}>
                    <span aria-hidden="true">{t.held ? '✓' : '✗'}</span>
                    <span className="sr-only">{t.held ? 'held' : 'failed'}</span> {t.detail}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
